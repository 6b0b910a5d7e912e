import { AgentReport } from "../../../core/schemas/results.ts";

/**
 * The smallest Client Service an agent process can work with, on 127.0.0.1 with an OS-chosen
 * port: it accepts the registration, progress posts and the results upload of group
 * `benchmarkId` without a token check, and hands over the registered address and the report.
 */
export function startFakeClientService(benchmarkId: number) {
  let onConnect: (address: string) => void = () => undefined;
  let onReport: (report: AgentReport) => void = () => undefined;
  const connected = new Promise<string>((resolve) => {
    onConnect = resolve;
  });
  const reported = new Promise<AgentReport>((resolve) => {
    onReport = resolve;
  });
  const base = `/api/v1/client-group/${benchmarkId}`;
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      const path = new URL(request.url).pathname;
      const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
      if (path === `${base}/connect`) {
        onConnect(String(body?.client_address));
        return Response.json({ status: "registered" }, { status: 201 });
      }
      if (path === `${base}/progress`) return Response.json({ status: "ok" });
      if (path === `${base}/results`) {
        const parsed = AgentReport.safeParse(body);
        if (!parsed.success)
          return Response.json({ detail: parsed.error.message }, { status: 422 });
        onReport(parsed.data);
        return Response.json({ status: "stored", duplicate: false });
      }
      return Response.json({ detail: `no route ${path}` }, { status: 404 });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    connected,
    reported,
    stop: () => server.stop(true),
  };
}
