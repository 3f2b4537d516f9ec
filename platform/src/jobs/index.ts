export { JobQueue, JOBS_SCHEMA, type JobQueueOptions } from './queue.ts';
export type { JobContext, JobHandler, JobOptions, EnqueueOptions, JobRun, JobState } from './types.ts';
