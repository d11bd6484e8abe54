// The catalogue lives in core (framework-free, safe on a server); ui re-exports it unchanged.
export { fr } from '@saleschat-kit/core/locales/fr';
