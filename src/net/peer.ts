/** Who is on the other end of an accepted connection; `connId` numbers connections as Netdata's access log does. */
export interface Peer {
  connId: number;
  ip: string;
  port: number;
}
