import { describe, expect, test } from "bun:test";
import {
  createServiceClient,
  ServiceError,
} from "../../../core/api-client/create-service-client.ts";
import { serviceWorld } from "../handlers/service/service-world.ts";

const TOKEN = "a-long-enough-api-token";

function clientOf(world: ReturnType<typeof serviceWorld>, token?: string) {
  return createServiceClient({
    baseUrl: "http://service.test:8001/",
    token,
    fetch: (request) => Promise.resolve(world.app.request(request)),
  });
}

const rejection = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("the call succeeded");
};

describe("the generated service client", () => {
  test("creates and reads a group with typed bodies", async () => {
    const world = serviceWorld();
    const client = clientOf(world);
    const created = await client.POST("/api/v1/client-group/{benchmark_id}", {
      params: { path: { benchmark_id: "3" } },
      body: { num_clients: 2, time_limit: 5, nodes: 1 },
    });
    expect(created.data).toMatchObject({ status: "created", benchmark_id: 3, num_clients: 2 });
    const group = await client.GET("/api/v1/client-group/{benchmark_id}", {
      params: { path: { benchmark_id: "3" } },
    });
    expect(group.data?.info.state).toBe("submitted");
  });

  test("a refusal is thrown as a ServiceError carrying the service's detail", async () => {
    const client = clientOf(serviceWorld());
    const missing = await rejection(
      client.GET("/api/v1/client-group/{benchmark_id}", {
        params: { path: { benchmark_id: "9" } },
      }),
    );
    expect(missing).toBeInstanceOf(ServiceError);
    expect(missing).toMatchObject({ status: 404, detail: "Benchmark id not found" });
    const invalid = await rejection(
      client.POST("/api/v1/client-group/{benchmark_id}", {
        params: { path: { benchmark_id: "1" } },
        body: { num_clients: 0, time_limit: 5, nodes: 1 },
      }),
    );
    expect(invalid).toMatchObject({ status: 422 });
    expect((invalid as ServiceError).detail).toContain("num_clients");
  });

  test("the bearer token is sent when given, and the service refuses without it", async () => {
    const world = serviceWorld({ apiToken: TOKEN });
    expect(await rejection(clientOf(world).GET("/api/v1/client-groups"))).toMatchObject({
      status: 401,
    });
    const { data } = await clientOf(world, TOKEN).GET("/api/v1/client-groups");
    expect(data).toEqual({ groups: [], total: 0 });
  });

  test("a service that cannot be reached is a ServiceError with status 0 naming the address", async () => {
    const client = createServiceClient({
      baseUrl: "http://127.0.0.1:9",
      fetch: () => Promise.reject(new TypeError("connection refused")),
    });
    const error = await rejection(client.GET("/api/v1/client-groups"));
    expect(error).toMatchObject({ status: 0 });
    expect((error as ServiceError).detail).toBe(
      "cannot reach the service at http://127.0.0.1:9: connection refused",
    );
  });
});
