/** Reported as "version" in /api/v1/info and in the User-Agent of anything this parent sends. */
export const VERSION = 'v0.1.0-streamledger';
