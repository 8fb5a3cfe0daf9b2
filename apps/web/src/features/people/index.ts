/** The people feature's public entry: its HTTP calls (finding people), which pickers elsewhere use. */
export { peopleApi } from './people.api';
