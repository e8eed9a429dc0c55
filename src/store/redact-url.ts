/** `postgres://bot:secret@db:5432/bot?sslmode=require` → `postgres://bot@db:5432/bot`: for logs and messages. */
export function redactUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    url.password = '';
    url.search = '';
    return url.toString();
  } catch {
    return connectionString.replace(/\/\/([^:/@]*):[^@]*@/, '//$1@');
  }
}
