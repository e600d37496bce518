export { runDataQuery, type QueryResult } from './run-data-query';
