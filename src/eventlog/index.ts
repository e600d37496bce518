export { HostEventLog } from './host-event-log';
export { regenerateLines } from './regenerate';
export type { EventLogOptions, LogEvent, ReadEventsOptions, RetentionOptions, RetentionResult, SessionRow, SessionStart } from './types';
