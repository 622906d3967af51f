import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { locateTool } from '../../lib/tools';
import { freePort, isPortTaken } from '../../lib/net/free-port';
import { stopChild } from '../../lib/process/stop-child';

export interface RunningS3 {
  readonly endpoint: string;
  readonly region: string;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

// SeaweedFS also listens on each port + 10000 for gRPC, so both must be free.
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 55_000 && !(await isPortTaken(port + 10_000))) return port;
  }
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`SeaweedFS exited with code ${child.exitCode}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`SeaweedFS S3 gateway at ${url} did not come up within ${timeoutMs} ms`);
}

/**
 * Starts a real S3-compatible server (SeaweedFS from the pinned PyPI wheel) in a temp folder.
 * Anonymous access is allowed by SeaweedFS when no identities are configured; the AWS SDK still
 * signs requests, so tests set dummy credentials.
 */
export async function startSeaweedS3(): Promise<RunningS3> {
  const weed = locateTool('weed', { install: true });
  // Free ports are picked before SeaweedFS binds them, so a server starting beside it (the tests
  // start several at once) can take one first: then it exits with "address already in use", and
  // fresh ports are tried.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startSeaweedOnce(weed);
    } catch (err) {
      if (attempt >= 3 || !/address already in use/.test((err as Error).message)) throw err;
    }
  }
}

async function startSeaweedOnce(weed: string): Promise<RunningS3> {
  const dir = mkdtempSync(join(tmpdir(), 'factory-s3-'));
  const [master, volume, filer, s3] = [await freePortPair(), await freePortPair(), await freePortPair(), await freePortPair()];
  const child = spawn(
    weed,
    [
      'server',
      `-dir=${dir}`,
      '-ip=127.0.0.1',
      '-ip.bind=127.0.0.1',
      `-master.port=${master}`,
      `-volume.port=${volume}`,
      `-filer.port=${filer}`,
      '-s3',
      `-s3.port=${s3}`,
      '-s3.port.iceberg=0',
      '-s3.port.lance=0',
      '-master.volumeSizeLimitMB=64',
      '-volume.max=0',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${s3}`;
  process.env.AWS_ACCESS_KEY_ID ??= 'factory-test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'factory-test';
  try {
    await waitForHttp(endpoint, child, 30_000);
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    const fatal = stderrTail
      .split('\n')
      .filter((l) => /^[EF]\d/.test(l))
      .join('\n');
    throw new Error(`${(err as Error).message}\n${fatal}`);
  }
  const region = 'us-east-1';
  return {
    endpoint,
    region,
    async createBucket(name) {
      const client = new S3Client({ region, endpoint, forcePathStyle: true });
      // The filer may need a moment after the gateway answers before buckets can be created.
      for (let attempt = 0; ; attempt++) {
        try {
          await client.send(new CreateBucketCommand({ Bucket: name }));
          break;
        } catch (err) {
          if (attempt >= 20) throw err;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
      client.destroy();
    },
    async stop() {
      await stopChild(child, 'SIGTERM', 5_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
