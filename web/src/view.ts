// The view: everything that decides what the workbench shows, kept in the
// URL's query string so that a link reopens the same picture. Data flows one
// way: an action changes the view, the view is written to the URL, and the
// page re-reads what the new view needs.
import type { CoordinationSignal, EngagementKind } from "./gql/types";

export type Mode = "network" | "coordination" | "query";
export type ColorBy = "platform" | "dataset" | "community" | "hop";

export interface CoordInput {
  dataset: string;
  signal: CoordinationSignal;
  timeWindow: number;
  minParticipation: number;
}

export interface View {
  mode: Mode;
  /** Seed account ids of the amplification network. */
  seeds: string[];
  hops: number;
  kinds: EngagementKind[];
  minWeight: number;
  limit: number;
  /** The time window (RFC 3339), set by brushing the timeline. */
  since: string | null;
  until: string | null;
  color: ColorBy;
  /** The open investigation. */
  inv: string | null;
  /** Nodes whose own 1-hop networks were added ("expand"). */
  expand: string[];
  /** Nodes hidden from the canvas. */
  hide: string[];
  /** Accounts whose related assets are drawn beside them. */
  assets: string[];
  /** The node whose card is open. */
  node: string | null;
  /** A live coordination run's input, or a saved run's id. */
  coord: CoordInput | null;
  run: string | null;
  /** A saved query shown as a table or network. */
  query: string | null;
}

export const allKinds: EngagementKind[] = ["RETWEET", "REPLY", "QUOTE", "MENTION"];

export const defaultView: View = {
  mode: "network", seeds: [], hops: 1, kinds: allKinds, minWeight: 1, limit: 500, since: null, until: null,
  color: "platform", inv: null, expand: [], hide: [], assets: [], node: null, coord: null, run: null, query: null,
};

const list = (s: string | null) => (s ? s.split(",").filter(Boolean) : []);
const int = (s: string | null, def: number, lo: number, hi: number) => {
  const n = s === null ? NaN : parseInt(s, 10);
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : def;
};

/** Reads a view from a query string; what is missing or invalid keeps its default. */
export function parseView(search: string): View {
  const p = new URLSearchParams(search);
  const kinds = list(p.get("kinds")).filter((k): k is EngagementKind => (allKinds as string[]).includes(k));
  let coord: CoordInput | null = null;
  const c = p.get("coord");
  if (c) {
    try {
      const o = JSON.parse(c);
      if (o && typeof o.dataset === "string" && typeof o.signal === "string") {
        coord = { dataset: o.dataset, signal: o.signal, timeWindow: Number(o.timeWindow) || 60, minParticipation: Number(o.minParticipation) || 2 };
      }
    } catch { /* a hand-edited link: ignore the run */ }
  }
  const mode = p.get("mode");
  const color = p.get("color");
  return {
    mode: mode === "coordination" || mode === "query" ? mode : "network",
    seeds: list(p.get("seeds")),
    hops: int(p.get("hops"), 1, 1, 3),
    kinds: kinds.length ? kinds : allKinds,
    minWeight: int(p.get("minWeight"), 1, 1, 1e9),
    limit: int(p.get("limit"), 500, 1, 5000),
    since: p.get("since"),
    until: p.get("until"),
    color: color === "dataset" || color === "community" || color === "hop" ? color : "platform",
    inv: p.get("inv"),
    expand: list(p.get("expand")),
    hide: list(p.get("hide")),
    assets: list(p.get("assets")),
    node: p.get("node"),
    coord,
    run: p.get("run"),
    query: p.get("query"),
  };
}

/** Writes a view as a query string, leaving defaults out so links stay short. */
export function formatView(v: View): string {
  const p = new URLSearchParams();
  if (v.mode !== "network") p.set("mode", v.mode);
  if (v.seeds.length) p.set("seeds", v.seeds.join(","));
  if (v.hops !== 1) p.set("hops", String(v.hops));
  if (v.kinds.length !== allKinds.length) p.set("kinds", v.kinds.join(","));
  if (v.minWeight !== 1) p.set("minWeight", String(v.minWeight));
  if (v.limit !== 500) p.set("limit", String(v.limit));
  if (v.since) p.set("since", v.since);
  if (v.until) p.set("until", v.until);
  if (v.color !== "platform") p.set("color", v.color);
  if (v.inv) p.set("inv", v.inv);
  if (v.expand.length) p.set("expand", v.expand.join(","));
  if (v.hide.length) p.set("hide", v.hide.join(","));
  if (v.assets.length) p.set("assets", v.assets.join(","));
  if (v.node) p.set("node", v.node);
  if (v.coord) p.set("coord", JSON.stringify(v.coord));
  if (v.run) p.set("run", v.run);
  if (v.query) p.set("query", v.query);
  const s = p.toString();
  return s ? "?" + s : "";
}

/** The variables of the view's Network query: what is drawn, saved and exported. */
export function networkVariables(v: View) {
  return {
    seeds: v.seeds, hops: v.hops, kinds: v.kinds.length === allKinds.length ? null : v.kinds,
    minWeight: v.minWeight, since: v.since, until: v.until, limit: v.limit,
  };
}
