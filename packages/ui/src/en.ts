// The catalogue lives in core (framework-free, safe on a server); ui re-exports it unchanged.
export { en } from '@saleschat-kit/core/messages';
