/** One JSON line per event (`{"event":"group_created","benchmark_id":42,...}`); debug only when verbose. */
export type Logger = {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  debug(event: string, fields?: Record<string, unknown>): void;
};

export function createLogger(
  options: { verbose?: boolean; write?: (line: string) => void } = {},
): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const emit = (level: string, event: string, fields?: Record<string, unknown>) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }));
  return {
    info: (event, fields) => emit("info", event, fields),
    warn: (event, fields) => emit("warn", event, fields),
    debug: (event, fields) => {
      if (options.verbose) emit("debug", event, fields);
    },
  };
}

/** A logger that keeps its lines, for tests. */
export function memoryLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ verbose: true, write: (line) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}
