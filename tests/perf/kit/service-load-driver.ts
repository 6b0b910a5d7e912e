/**
 * The load side of the service-load benchmark, run in its own process so that Bun's fetch limit
 * (`BUN_CONFIG_MAX_HTTP_REQUESTS`, read at start-up) can be raised above the 1000 connects it
 * fires at once. It creates the groups, registers every agent with its group's real token, checks
 * nothing was lost, polls, checks again, and prints one `service-load-result <json>` line.
 * Progress goes to stdout as `service-load-phase <name>` lines, so the caller can tag its RSS
 * samples by phase.
 *
 *   bun tests/perf/kit/service-load-driver.ts '<json of DriverParams>'
 */
import { z } from "zod";
import { createGroupTokens } from "../../../core/auth/group-token.ts";
import { systemClock } from "../../../core/clock.ts";
import { IDLE, SAMPLE_MS } from "./phase-sampler.ts";
import { summary } from "./stats.ts";
import { inPool, statusCounts, type TimedAnswer, timedRequest } from "./timed-requests.ts";

export const DriverParams = z.object({
  api: z.url(),
  secret: z.string().min(32),
  groups: z.number().int().min(1),
  nodes: z.number().int().min(1),
  createConcurrency: z.number().int().min(1),
  connectConcurrency: z.number().int().min(1),
  pollers: z.number().int().min(1),
  pollSeconds: z.number().positive(),
  pollMaxRequests: z.number().int().min(1),
});
export type DriverParams = z.infer<typeof DriverParams>;

/** Marks the start of a phase after an idle gap longer than the caller's sampling interval. */
async function phase(name: string) {
  console.log(`service-load-phase ${IDLE}`);
  await Bun.sleep(3 * SAMPLE_MS);
  console.log(`service-load-phase ${name}`);
}

/** Latency percentiles, throughput and outcomes of one batch of requests. */
function describe(answers: readonly TimedAnswer[], wallMs: number) {
  const latency = summary(answers.map((a) => a.ms));
  const errors = [...new Set(answers.filter((a) => a.error).map((a) => a.error))].slice(0, 3);
  return {
    n: answers.length,
    wall_s: wallMs / 1000,
    per_s: answers.length / (wallMs / 1000),
    p50_ms: latency.p50,
    p99_ms: latency.p99,
    max_ms: latency.max,
    statuses: statusCounts(answers),
    errors,
  };
}

const agentAddress = (id: number, task: number) =>
  `http://10.1.${id % 250}.${task + 1}:${9000 + id}`;

type GroupView = {
  state: string;
  agents: Array<{ task_index: number; address: string }>;
  transitions: Array<{ state: string }>;
};

/** Every group as the API shows it: ready, with exactly its agents at the addresses they sent. */
async function checkNothingLost(params: DriverParams, ids: number[]) {
  const problems: string[] = [];
  const badGroups = new Set<number>();
  const problem = (id: number, text: string) => {
    badGroups.add(id);
    problems.push(`group ${id}: ${text}`);
  };
  let agentsListed = 0;
  let startingTransitionsMax = 0;
  const answers = await inPool(ids.length, params.createConcurrency, (i) =>
    timedRequest(`${params.api}/client-group/${ids[i]}`),
  );
  answers.forEach((answer, i) => {
    const id = ids[i] as number;
    if (answer.status !== 200) {
      problem(id, `HTTP ${answer.status}`);
      return;
    }
    const info = (answer.body as { info: GroupView }).info;
    agentsListed += info.agents.length;
    const expected = Array.from({ length: params.nodes }, (_, t) => agentAddress(id, t));
    const listed = info.agents.map((a) => a.address);
    if (info.state !== "ready") problem(id, `state ${info.state}`);
    if (JSON.stringify(listed) !== JSON.stringify(expected)) {
      problem(id, `agents ${listed.length} of ${params.nodes} (${listed.join(" ")})`);
    }
    const starting = info.transitions.filter((t) => t.state === "starting").length;
    startingTransitionsMax = Math.max(startingTransitionsMax, starting);
  });
  const list = await timedRequest(`${params.api}/client-groups`);
  const groups = (list.body as { groups?: Array<{ state: string; agents: number }> }).groups ?? [];
  const listProblems = groups.filter((g) => g.state !== "ready" || g.agents !== params.nodes);
  if (list.status !== 200 || groups.length !== ids.length || listProblems.length > 0) {
    problems.push(
      `GET /client-groups: HTTP ${list.status}, ${groups.length} groups, ${listProblems.length} not ready with ${params.nodes} agents`,
    );
  }
  return {
    groups_ok: ids.length - badGroups.size,
    list_ok: list.status === 200 && groups.length === ids.length && listProblems.length === 0,
    agents_listed: agentsListed,
    agents_expected: ids.length * params.nodes,
    starting_transitions_max: startingTransitionsMax,
    problems: problems.slice(0, 5),
    problem_count: problems.length,
  };
}

/** `pollers` loops asking `url(poller)` until the time or the request budget is spent. */
async function poll(
  params: DriverParams,
  url: (poller: number) => string,
  isRight: (body: unknown) => boolean,
) {
  const answers: TimedAnswer[] = [];
  let wrong = 0;
  const at = performance.now();
  const deadline = at + params.pollSeconds * 1000;
  await Promise.all(
    Array.from({ length: params.pollers }, async (_, poller) => {
      while (performance.now() < deadline && answers.length < params.pollMaxRequests) {
        const answer = await timedRequest(url(poller));
        answers.push(answer);
        if (answer.status === 200 && !isRight(answer.body)) wrong += 1;
      }
    }),
  );
  return { ...describe(answers, performance.now() - at), wrong_answers: wrong };
}

async function main(params: DriverParams) {
  const ids = Array.from({ length: params.groups }, (_, i) => i + 1);
  const json = { "content-type": "application/json" };

  await phase("create");
  let at = performance.now();
  const created = await inPool(ids.length, params.createConcurrency, (i) =>
    timedRequest(`${params.api}/client-group/${ids[i]}`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ num_clients: params.nodes, nodes: params.nodes, time_limit: 60 }),
    }),
  );
  const create = describe(created, performance.now() - at);

  // The tokens the jobs would find in AIFC_GROUP_TOKEN, signed with the service's secret.
  const tokens = createGroupTokens(new TextEncoder().encode(params.secret), systemClock);
  const agents = await Promise.all(
    ids.flatMap((id) =>
      Array.from({ length: params.nodes }, async (_, task) => ({
        id,
        task,
        token: await tokens.sign(id, 3600),
      })),
    ),
  );

  await phase("connect");
  at = performance.now();
  const connected = await inPool(agents.length, params.connectConcurrency, (i) => {
    const agent = agents[i] as (typeof agents)[number];
    return timedRequest(`${params.api}/client-group/${agent.id}/connect`, {
      method: "POST",
      headers: { ...json, authorization: `Bearer ${agent.token}` },
      body: JSON.stringify({
        client_address: agentAddress(agent.id, agent.task),
        task_index: agent.task,
      }),
    });
  });
  const connect = describe(connected, performance.now() - at);

  await phase("check");
  const afterConnect = await checkNothingLost(params, ids);

  await phase("poll-group");
  const pollGroup = await poll(
    params,
    (poller) => `${params.api}/client-group/${ids[poller % ids.length]}`,
    (body) => {
      const info = (body as { info: GroupView }).info;
      return info.state === "ready" && info.agents.length === params.nodes;
    },
  );

  await phase("poll-list");
  const pollList = await poll(
    params,
    () => `${params.api}/client-groups`,
    (body) => (body as { total: number }).total === ids.length,
  );

  await phase("check-again");
  const afterPolls = await checkNothingLost(params, ids);
  await phase("done");
  console.log(
    `service-load-result ${JSON.stringify({
      create,
      connect,
      after_connect: afterConnect,
      poll_group: pollGroup,
      poll_list: pollList,
      after_polls: afterPolls,
    })}`,
  );
}

if (import.meta.main) await main(DriverParams.parse(JSON.parse(Bun.argv[2] ?? "{}")));
