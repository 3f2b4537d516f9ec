export { runBackground, type BackgroundOptions } from './run.ts';
export { settle } from './settle.ts';
