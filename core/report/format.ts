/** A number for a table cell: fixed decimals, thousands grouped; "–" for a missing value. */
export function formatNumber(value: number | null | undefined, decimals = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return value.toLocaleString("en-US", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

/** A unix time in seconds as an ISO 8601 UTC instant to the second; "–" when missing. */
export function formatUnixTime(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "–";
  return new Date(Math.round(seconds) * 1000).toISOString().replace(".000Z", "Z");
}
