import type { HttpReply } from '../net/http-connection';

export type Reply = HttpReply;

export const json = (body: string, status = 200): Reply => ({ status, contentType: 'application/json; charset=utf-8', body });
export const text = (body: string, status = 200): Reply => ({ status, contentType: 'text/plain; charset=utf-8', body });
export const html = (body: string, status = 200): Reply => ({ status, contentType: 'text/html; charset=utf-8', body });
