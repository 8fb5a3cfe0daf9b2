/**
 * The guests feature (issue 19): pages for people without an account. Its pages load by route from
 * App.tsx (`/guest/:token`, a call guest link); nothing here is used by other features yet.
 */
export {};
