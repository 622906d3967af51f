import { z } from 'zod';
import { durationString } from '../../common/dag/duration';
import { payloadKeysProblem } from '../codec/keyring';
import { BACKEND_SETTINGS } from '../training/backend';

const duration = durationString();

const PORT = 'an integer port from 0 to 65535';
// Decimal digits only: Number() would read 0x1C91 as 7313 and 1e3 as 1000.
const port = z
  .string()
  .regex(/^\d{1,5}$/, PORT)
  .transform(Number)
  .pipe(z.number().int().min(0, PORT).max(65535, PORT));
const HOST_PORT = 'host:port with a port from 1 to 65535';
const hostPort = z
  .string()
  .regex(/^[^\s:/]+:\d{1,5}$/, HOST_PORT)
  .refine((v) => {
    const n = Number(v.slice(v.lastIndexOf(':') + 1));
    return n >= 1 && n <= 65535;
  }, HOST_PORT);
const URL_EXPECTED = 'an http(s) URL such as http://127.0.0.1:8333';

const ORIGINS = 'a comma-separated list of origins (http://host:port, no path) or *';
const origins = z.string().regex(/^(\*|https?:\/\/[^/\s,]+(,https?:\/\/[^/\s,]+)*)$/, ORIGINS);

// Checked here so a bad keyring stops a process at start; the message never quotes key material.
const payloadKeys = z.string().superRefine((text, ctx) => {
  const problem = payloadKeysProblem(text);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

const bool = z.enum(['true', 'false', '1', '0'], 'true, false, 1 or 0').transform((v) => v === 'true' || v === '1');

/** A whole number in [min, max] written in decimal digits; the message names the range (`an integer from 1 to 256`). */
function intInRange(min: number, max: number, what = 'an integer') {
  const expected = `${what} from ${min} to ${max}`;
  return z
    .string()
    .regex(new RegExp(`^\\d{1,${String(max).length}}$`), expected)
    .transform(Number)
    .pipe(z.number().int().min(min, expected).max(max, expected));
}

/**
 * Every setting the engine reads, one schema. Each variable's description is what the README
 * table shows; defaults are the embedded single-machine setup.
 */
export const envSchema = z.object({
  DATA_DIR: z.string().min(1).default('.data').describe('Folder for embedded state: Temporal SQLite file, PostgreSQL data, artifacts, logs.'),
  LOG_LEVEL: z
    .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], 'one of trace, debug, info, warn, error, fatal, silent')
    .default('info')
    .describe('pino log level.'),
  LOG_PRETTY: bool.optional().describe('Human-readable logs; defaults to true when stdout is a terminal.'),
  TEMPORAL_ADDRESS: hostPort.optional().describe('External Temporal frontend (host:port). Unset: start the embedded dev server.'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default').describe('Temporal namespace.'),
  TEMPORAL_API_KEY: z.string().regex(/^\S+$/, 'a key without spaces').optional().describe('API key for Temporal Cloud (implies TLS).'),
  TEMPORAL_TLS: bool.optional().describe('Use TLS to the Temporal frontend.'),
  TEMPORAL_TLS_CLIENT_CERT_PATH: z.string().optional().describe('mTLS client certificate (PEM file).'),
  TEMPORAL_TLS_CLIENT_KEY_PATH: z.string().optional().describe('mTLS client key (PEM file).'),
  TEMPORAL_PORT: port.default(7233).describe('Embedded dev server frontend port.'),
  TEMPORAL_UI_PORT: port.default(8233).describe('Embedded dev server Web UI port.'),
  TEMPORAL_CLI: z.string().optional().describe('Path to a `temporal` binary; otherwise PATH, then .tools/py (installed by `npm run setup`).'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .optional()
    .describe('External PostgreSQL. Unset: start embedded PostgreSQL under DATA_DIR.'),
  PG_PORT: port.default(0).describe('Embedded PostgreSQL port; 0 picks a free one.'),
  SOURCE_CONFIG: z
    .string()
    .optional()
    .describe(
      'Source of training events: JSON ({"kind":"table",...} or {"kind":"query","sql":...}) or a path to a JSON file. Unset: the seeded moderation_events table.',
    ),
  SOURCE_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .optional()
    .describe('PostgreSQL holding the source events (a read-only role is enough). Unset: DATABASE_URL / the embedded server.'),
  ARTIFACT_STORE: z
    .string()
    .regex(/^(s3:\/\/[a-z0-9.-]{3,63}(\/.*)?|file:\/\/.+|[^:]+)$/, 's3://bucket/prefix, file:///abs/path or a folder path')
    .optional()
    .describe('Where artifacts go: a folder (default DATA_DIR/artifacts) or s3://bucket/prefix.'),
  AWS_REGION: z.string().default('us-east-1').describe('S3 region (standard AWS setting).'),
  AWS_ENDPOINT_URL_S3: z
    .url({ protocol: /^https?$/, error: URL_EXPECTED })
    .optional()
    .describe('S3-compatible endpoint (SeaweedFS, MinIO); standard AWS setting. AWS_ENDPOINT_URL works too.'),
  AWS_ENDPOINT_URL: z
    .url({ protocol: /^https?$/, error: URL_EXPECTED })
    .optional()
    .describe('Generic AWS endpoint override, used for S3 when AWS_ENDPOINT_URL_S3 is unset.'),
  S3_FORCE_PATH_STYLE: bool.optional().describe('Path-style S3 URLs; defaults to true when an endpoint is set.'),
  WORKER_QUEUES: z
    .string()
    .regex(/^(cpu|gpu)(,(cpu|gpu))*$/, 'a comma-separated list of cpu, gpu')
    .default('cpu,gpu')
    .describe('Which task queues this process polls.'),
  COMPUTE_THREADS: intInRange(1, 256)
    .optional()
    .describe(
      'Threads for CPU-bound phases (scoring, baseline fit, validation scan), off the event loop that serves workflow tasks; default: cores - 1, at least 1.',
    ),
  SHUTDOWN_GRACE: duration
    .default('30s')
    .describe('How long Ctrl-C or SIGTERM waits for in-flight activities before stopping; a second signal, or the grace plus 15 s, forces the exit (130/143).'),
  TFJS_BACKEND: z
    .enum(BACKEND_SETTINGS, `one of ${BACKEND_SETTINGS.join(', ')}`)
    .optional()
    .describe(
      'tfjs backend for training and scoring: tensorflow-gpu (@tensorflow/tfjs-node-gpu with a visible GPU, else a gpu worker refuses to start), tensorflow (libtensorflow on any device), wasm or cpu. Unset: the fastest that loads.',
    ),
  HEALTH_PORT: port
    .optional()
    .describe('Worker processes: port of the health endpoint (GET /healthz: 200 while every worker polls, 503 before and while draining). Unset: none.'),
  METRICS_PORT: port
    .optional()
    .describe('Worker processes: port of the Prometheus endpoint (GET /metrics: the Temporal runtime and the engine metrics). Unset: no metrics endpoint.'),
  PAYLOAD_KEYS: payloadKeys
    .optional()
    .describe(
      'Payload encryption keys as JSON {"current":"<id>","keys":{"<id>":"<base64 of 32 bytes>"}} (a secret injected as a variable); see docs/payload-encryption.md. Unset (and no PAYLOAD_KEYS_FILE): payloads are plain JSON.',
    ),
  PAYLOAD_KEYS_FILE: z.string().min(1).optional().describe('Path to a JSON file of the same form as PAYLOAD_KEYS (a mounted secret). Not with PAYLOAD_KEYS.'),
  CODEC_SERVER_PORT: port
    .default(8234)
    .describe('Codec server (`cli/codec-server.ts`): port of POST /encode and /decode for the Web UI and `temporal --codec-endpoint`.'),
  CODEC_SERVER_HOST: z.string().min(1).default('127.0.0.1').describe('Codec server: listen address; other than loopback it requires CODEC_SERVER_TOKEN.'),
  CODEC_SERVER_TOKEN: z
    .string()
    .min(16, 'at least 16 characters')
    .optional()
    .describe(
      'Codec server: bearer token every request must carry (`Authorization: Bearer <token>`; `temporal --codec-auth`). Unset: no authentication, loopback only.',
    ),
  CODEC_SERVER_CORS_ORIGINS: origins
    .default('http://127.0.0.1:8233,http://localhost:8233')
    .describe('Codec server: origins of the Web UI allowed to call it from the browser (comma-separated, or *).'),
  TEMPORAL_UI_CODEC_ENDPOINT: z
    .url({ protocol: /^https?$/, error: 'an http(s) URL' })
    .optional()
    .describe('Embedded dev server: the codec server its Web UI decodes payloads with (e.g. http://127.0.0.1:8234). Unset: none.'),
  // The web console (console/, `npm run console`, served by `npm start` too): read-only pages for
  // everyone who reaches it; actions (trigger, approve, retry, rollback) need the operator token.
  CONSOLE_PORT: port.default(8300).describe('Web console: port of its pages (runs, run graph, approvals, trigger forms, models); 0 picks a free one.'),
  CONSOLE_HOST: z.string().min(1).default('127.0.0.1').describe('Web console: listen address.'),
  CONSOLE_OPERATOR_TOKEN: z
    .string()
    .min(16, 'at least 16 characters')
    .regex(/^\S+$/, 'a token without spaces')
    .optional()
    .describe(
      'Web console: the operator token every action must carry (`Authorization: Bearer <token>` or the login form, kept in an HttpOnly cookie). Unset (and no CONSOLE_OPERATOR_TOKEN_FILE): the console is read-only.',
    ),
  CONSOLE_OPERATOR_TOKEN_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('Web console: path to a file holding the operator token (a mounted secret). Not with CONSOLE_OPERATOR_TOKEN.'),
  CONSOLE_TEMPORAL_UI_URL: z
    .url({ protocol: /^https?$/, error: 'an http(s) URL such as https://temporal.example.com' })
    .optional()
    .describe("Web console: the Temporal Web UI its run links open. Unset: the embedded dev server's (http://127.0.0.1:TEMPORAL_UI_PORT)."),
  // The prediction service (lib/serving, `npm run serve`, started by `npm start` too): serves each
  // model's champion, splits traffic with its challenger as deploy_model sets it, logs every prediction.
  SERVE_PORT: port.default(8501).describe("Prediction service: port of POST /v1/models/{model}:predict (TensorFlow Serving's REST port); 0 picks a free one."),
  SERVE_HOST: z.string().min(1).default('127.0.0.1').describe('Prediction service: listen address.'),
  SERVE_MODELS: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}(,[A-Za-z0-9][A-Za-z0-9._-]{0,127})*$/, 'a comma-separated list of registry model names')
    .default('spam')
    .describe('Prediction service: the registry models it serves (their champion, and challenger while a split is set).'),
  SERVE_MAX_INSTANCES: intInRange(1, 10_000).default(256).describe('Prediction service: most instances in one predict request (larger: 400).'),
  SERVE_MAX_TEXT_CHARS: intInRange(1, 1_000_000).default(20_000).describe('Prediction service: longest text of one instance, in characters (longer: 400).'),
  SERVE_MAX_BODY_BYTES: intInRange(1024, 104_857_600, 'an integer number of bytes')
    .default(4_194_304)
    .describe('Prediction service: largest request body (larger: 413).'),
  SERVE_POLL_INTERVAL: duration
    .default('5s')
    .describe('Prediction service: how often it re-reads aliases and splits besides LISTEN/NOTIFY (the fallback when a notification is missed).'),
  PREDICTION_LOG_QUEUE: intInRange(1, 1_000_000)
    .default(100_000)
    .describe(
      'Prediction service: predictions held in memory while the log is written (or PostgreSQL is down); when full, predict waits 100 ms then answers 503.',
    ),
  PREDICTION_LOG_RETENTION_DAYS: intInRange(1, 3650, 'an integer number of days')
    .default(90)
    .describe('Prediction service: daily partitions of the prediction log older than this are dropped (checked hourly).'),
  PREDICTION_LOG_TEXT_HASH: bool
    .default(false)
    .describe('Prediction service: also log the sha256 of each text (to find repeats); the raw text is never logged.'),
  FACTORY_CONFIG: z.string().optional().describe('Optional JSON file with any of these variables as keys; the environment wins.'),
});

export type EnvInput = z.input<typeof envSchema>;
export type Config = z.output<typeof envSchema>;
