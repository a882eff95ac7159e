/** What the hostile connector (hostile-connector.ts) does wrong, one behaviour per run. */
export const HOSTILE_BEHAVIOURS = [
  /** Exits 1 with one line on stderr before listening: a missing settings file. */
  'crash-at-start',
  /** Answers the first /notification, then dies of an uncaught exception (exit 1 and a stack trace). */
  'exit-mid-flow',
  /** Accepts every POST /notification and never answers it. */
  'hang-on-notification',
  /** GET /auth and /authrefresh answer 200 with a page that has neither a form nor a redirect. */
  'never-redirect',
  /** POST /notification is answered with bytes that are not HTTP, then the socket is closed. */
  'garbage-bytes',
  /** GET /availableaccounts answers 200, content type application/json, with a body that is not JSON. */
  'invalid-json',
  /** GET /availableaccounts answers 200 with 50 MB of JSON, streamed. */
  'huge-body',
  /** POST /notification gets its status line and half its body, then nothing: the socket stays open, idle. SIGTERM is ignored. */
  'hold-connections',
] as const;
export type HostileBehaviour = (typeof HOSTILE_BEHAVIOURS)[number];

export const HUGE_BODY_BYTES = 50 * 1024 * 1024;
