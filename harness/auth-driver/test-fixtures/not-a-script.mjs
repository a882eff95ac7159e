export const connect = 'not a function';
