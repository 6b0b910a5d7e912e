import { parseArgs } from "node:util";
import { z } from "zod";
import { parseObserverAllowList } from "../observers/observer-allow-list.ts";

const onOff = z.enum(["on", "off"]);

/** JSON request bodies (group specs, reports) are small; 1 MiB leaves a wide margin. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** The service's settings: flags, else `AIFC_<NAME>` environment variables, else these defaults. */
export const ServiceConfig = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(8001),
  host: z.string().min(1).optional().meta({
    description:
      "bind address; default 127.0.0.1 with the local adapter, 0.0.0.0 with a real Slurm",
  }),
  serverAddr: z.url("server address must be a URL such as http://ai-node:8000").optional(),
  publicUrl: z
    .url("public URL must be a URL such as http://head-node:8001")
    .optional()
    .meta({ description: "the address agents use to reach this service" }),
  db: z.string().min(1).default("./data/client-service.db"),
  jobsDir: z.string().min(1).default("./data/jobs"),
  slurm: z.enum(["auto", "shell", "rest", "local", "fake"]).default("auto"),
  slurmConfig: z.string().min(1).optional(),
  container: z.boolean().default(false),
  containerImage: z.string().min(1).default("./aifc-agent.sif"),
  agentAuth: onOff.default("on"),
  apiToken: z.string().min(16, "AIFC_API_TOKEN must be at least 16 characters").optional(),
  secret: z.string().min(32, "AIFC_SECRET must be at least 32 characters").optional(),
  reconcileIntervalMs: z.coerce.number().int().min(100).max(600_000).default(2000),
  registrationDeadlineS: z.coerce.number().int().min(1).max(86_400).default(300),
  queueAllowanceS: z.coerce
    .number()
    .int()
    .min(0)
    .max(30 * 86_400)
    .default(86_400),
  maxBodyBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .max(256 * 1024 * 1024)
    .default(DEFAULT_MAX_BODY_BYTES)
    .meta({ description: "largest JSON request body; larger ones are refused with 413" }),
  observerAllow: z
    .string()
    .max(8192)
    .default("")
    .superRefine((text, ctx) => {
      const parsed = parseObserverAllowList(text);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.detail });
    })
    .meta({ description: "host names, IPs and CIDRs observer updates may go to; empty: any" }),
  verbose: z.boolean().default(false),
});
export type ServiceConfig = z.infer<typeof ServiceConfig>;

const FLAGS = {
  port: "string",
  host: "string",
  "server-addr": "string",
  "public-url": "string",
  db: "string",
  "jobs-dir": "string",
  slurm: "string",
  "slurm-config": "string",
  container: "boolean",
  "container-image": "string",
  "agent-auth": "string",
  "reconcile-interval-ms": "string",
  "registration-deadline-s": "string",
  "queue-allowance-s": "string",
  "max-body-bytes": "string",
  "observer-allow": "string",
  verbose: "boolean",
  help: "boolean",
} as const;

const camel = (flag: string) => flag.replace(/-(\w)/g, (_, ch: string) => ch.toUpperCase());
const envName = (flag: string) => `AIFC_${flag.replaceAll("-", "_").toUpperCase()}`;
const truthy = (value: string) => ["1", "true", "yes", "on"].includes(value.toLowerCase());

export type ParsedServiceArgs = { help: true } | { help: false; config: ServiceConfig };

/**
 * Reads `serve [server_addr] [slurm_config_file] [--container] [--flag value ...]` (the
 * original's positional form plus flags). Throws an Error whose message names the bad flag.
 */
export function parseServiceArgs(
  argv: string[],
  env: Record<string, string | undefined>,
): ParsedServiceArgs {
  const options = Object.fromEntries(Object.entries(FLAGS).map(([name, type]) => [name, { type }]));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new Error(error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help) return { help: true };
  if (parsed.positionals.length > 2) {
    throw new Error(
      `too many arguments: expected [server_addr] [slurm_config_file], got ${parsed.positionals.join(" ")}`,
    );
  }
  const raw: Record<string, unknown> = {};
  for (const [flag, type] of Object.entries(FLAGS)) {
    if (flag === "help") continue;
    const fromEnv = env[envName(flag)];
    if (fromEnv !== undefined && fromEnv !== "")
      raw[camel(flag)] = type === "boolean" ? truthy(fromEnv) : fromEnv;
    const fromFlag = parsed.values[flag];
    if (fromFlag !== undefined) raw[camel(flag)] = fromFlag;
  }
  const [serverAddr, slurmConfig] = parsed.positionals;
  if (serverAddr !== undefined) raw.serverAddr = serverAddr;
  if (slurmConfig !== undefined) raw.slurmConfig = slurmConfig;
  if (env.AIFC_API_TOKEN) raw.apiToken = env.AIFC_API_TOKEN;
  if (env.AIFC_SECRET) raw.secret = env.AIFC_SECRET;
  const result = ServiceConfig.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = String(issue?.path[0] ?? "");
    const flag = key.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`);
    throw new Error(`--${flag} (or ${envName(flag)}): ${issue?.message}`);
  }
  return { help: false, config: result.data };
}

export const SERVICE_USAGE = `Usage: bun run serve [server_addr] [slurm_config_file] [options]

  server_addr              AI server for groups that name none (default: start the mock AI server)
  slurm_config_file        key=value Slurm settings (url, user_name, api_ver, account, jwt, partition, qos)

Options (each also read from AIFC_<NAME>, e.g. AIFC_PORT):
  --port N                 listen port (8001)
  --host ADDR              bind address (127.0.0.1 with the local adapter, else 0.0.0.0)
  --server-addr URL        same as the positional server_addr
  --public-url URL         address agents use to reach this service (default http://<host>:<port>)
  --db PATH                SQLite database (./data/client-service.db; :memory: allowed)
  --jobs-dir PATH          where the local adapter keeps job scripts and logs (./data/jobs)
  --slurm KIND             auto | shell | rest | local | fake (auto: shell where sbatch exists, else local)
  --slurm-config FILE      same as the positional slurm_config_file
  --container              run agents in the Apptainer image (--container-image, ./aifc-agent.sif)
  --agent-auth on|off      require the group token from agents (on)
  --max-body-bytes N       largest JSON request body, else 413 (1048576; the records upload has its own)
  --observer-allow LIST    comma-separated host names, IPs and CIDRs observer updates may go to
                           (default any; link-local 169.254.0.0/16 and fe80::/10 only when listed)
  --verbose                debug logs
Environment only: AIFC_API_TOKEN (bearer token for the user API), AIFC_SECRET (token signing secret).`;
