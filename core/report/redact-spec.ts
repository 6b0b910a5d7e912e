import type { CreateGroupBody } from "../schemas/group.ts";

/** Header names whose values are credentials for the AI server. */
const SECRET_HEADER = /auth|key|token|secret|cookie|password/i;

/**
 * The spec as a report may show it: header values that look like credentials (Authorization,
 * api-key, cookies...) replaced by "[redacted]", since reports are meant to be passed around.
 */
export function redactSpec(spec: CreateGroupBody): CreateGroupBody {
  const headers = spec.target?.headers;
  if (!spec.target || !headers) return spec;
  const shown = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      SECRET_HEADER.test(name) ? "[redacted]" : value,
    ]),
  );
  return { ...spec, target: { ...spec.target, headers: shown } };
}
