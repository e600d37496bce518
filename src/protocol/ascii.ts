/** Byte values the protocol code compares against (ASCII). */
export const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const DOUBLE_QUOTE = 0x22;
export const SINGLE_QUOTE = 0x27;
export const MINUS = 0x2d;
export const ZERO = 0x30;
export const EQUALS = 0x3d;
export const BACKSLASH = 0x5c;
