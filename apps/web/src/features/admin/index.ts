/**
 * The admin feature's public entry. Nothing in it is for other features yet: its pages load by route from
 * App.tsx, and its other files are its own (eslint.config.js). Export here what another feature needs.
 */
export {};
