// Placeholder until the proxy's PostgreSQL setup lands: starts nothing.
export default function setup(): void {}
