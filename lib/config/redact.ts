/** Hides the password when a URL appears in a message or a log line. */
export function redactUrl(url: string): string {
  // Also an empty user (`postgres://:pw@host`) and libpq's `?password=` parameter.
  return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@').replace(/([?&]password=)[^&]*/gi, '$1***');
}

// Variables whose whole value is a secret: never quoted back, even when malformed.
const SECRET_VARIABLE = /(KEY|SECRET|TOKEN|PASSWORD)/i;

/** A setting's value as an error may show it: secrets masked, URL passwords hidden. */
export function redactSetting(variable: string, value: unknown): unknown {
  if (value === undefined || value === null || value === '') return value;
  if (SECRET_VARIABLE.test(variable)) return '***';
  return typeof value === 'string' ? redactUrl(value) : value;
}
