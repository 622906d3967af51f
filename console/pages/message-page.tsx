import type { FC } from 'hono/jsx';
import { Layout, type PageFrame } from './layout';

/** A page that only says something: a refusal, a missing run, an error. */
export const MessagePage: FC<{ frame: PageFrame; title: string; message: string; next?: string }> = ({ frame, title, message, next }) => (
  <Layout title={title} frame={frame}>
    <p class="notice notice-error" role="alert">
      {message}
    </p>
    {next ? (
      <p>
        <a href={`/login?next=${encodeURIComponent(next)}`}>Sign in with the operator token</a>
      </p>
    ) : null}
  </Layout>
);

export const LoginPage: FC<{ frame: PageFrame; next: string; error?: string; writable: boolean }> = ({ frame, next, error, writable }) => (
  <Layout title="Sign in" frame={frame}>
    {writable ? (
      <form method="post" action="/login" class="login">
        {error ? (
          <p class="notice notice-error" role="alert">
            {error}
          </p>
        ) : null}
        <input type="hidden" name="next" value={next} />
        <label class="field wide">
          <span>Operator token (CONSOLE_OPERATOR_TOKEN)</span>
          <input type="password" name="token" required autocomplete="current-password" />
        </label>
        <button type="submit" class="primary">
          Sign in
        </button>
        <p class="muted">The browser keeps a digest of the token in an HttpOnly cookie for this console only.</p>
      </form>
    ) : (
      <p class="muted">This console is read-only: no CONSOLE_OPERATOR_TOKEN is configured, so there is nothing to sign in to.</p>
    )}
  </Layout>
);
