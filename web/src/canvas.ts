// The network on screen: a graphology graph drawn by sigma.js (WebGL), laid
// out by ForceAtlas2 in a web worker (as Gephi Lite does), so that the page
// stays responsive while thousands of nodes settle.
import { NodeSquareProgram } from "@sigma/node-square";
import Graph from "graphology";
import louvain from "graphology-communities-louvain";
import forceAtlas2 from "graphology-layout-forceatlas2";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import Sigma from "sigma";
import { EdgeLineProgram } from "sigma/rendering";
import type { NodeDisplayData } from "sigma/types";
import type { NetworkDrawingQuery, Platform } from "./gql/types";
import { inside, type Point } from "./lasso";
import type { ColorBy } from "./view";

/** A network as the API returns it (`network`, `coordination { network }`). */
export interface ApiNetwork {
  truncated: boolean;
  nodes: { id: string; kind: string; label: string; platform: Platform | null; properties: Record<string, unknown> }[];
  edges: { id: string; source: string; target: string; kind: string; weight: number; properties: Record<string, unknown> }[];
}

/** A network whose nodes and edges came as columns (`nodeTable`, `edgeTable`:
 * an edge's ends are places in the nodes), as the canvas takes it; edge ids
 * are rebuilt as the API's `edges` give them. */
export function fromTable(net: NetworkDrawingQuery["network"]): ApiNetwork {
  const n = net.nodeTable, t = net.edgeTable;
  const nodes: ApiNetwork["nodes"] = new Array(n.id.length);
  for (let i = 0; i < n.id.length; i++) {
    nodes[i] = { id: n.id[i], kind: n.kind[i], label: n.label[i], platform: n.platform[i], properties: n.properties[i] };
  }
  const edges: ApiNetwork["edges"] = new Array(t.source.length);
  for (let i = 0; i < t.source.length; i++) {
    const source = n.id[t.source[i]], target = n.id[t.target[i]], kind = t.kind[i];
    edges[i] = {
      id: `${kind}:${source}${kind === "COORDINATED" ? "--" : "->"}${target}`, source, target, kind, weight: t.weight[i], properties: {},
    };
  }
  return { truncated: net.truncated, nodes, edges };
}

/** A related asset drawn beside the account it relates to. */
export interface AssetLinkData {
  asset: { id: string; platform: Platform; kind: string; handle: string | null; name: string | null };
  via: string;
  evidence: string;
  source: string;
  confidence: string;
}

interface NodeAttrs {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  type: "circle" | "square";
  /** What the label says before markers (pinned) are added. */
  base: string;
  platform: string;
  hop: number;
  community: number;
  datasets: string[];
  createdAt: string | null;
  asset: boolean;
  fixed: boolean;
  evidence: string;
  /** Amplification: the summed weight of its edges (related-asset links aside). */
  strength: number;
  // sigma's display fields, present from the start (see nodeAttrs).
  hidden: boolean;
  highlighted: boolean;
  forceLabel: boolean;
  zIndex: number;
}

interface EdgeAttrs {
  size: number;
  color: string;
  weight: number;
  kind: string;
  label: string;
  firstAt: string | undefined;
  lastAt: string | undefined;
  /** sigma's edge program: "arrow" for who amplified whom, "line" when undirected, "thin" when many. */
  type: "arrow" | "line" | "thin";
  hidden: boolean;
  forceLabel: boolean;
  zIndex: number;
}

/** A node's attributes with every field present, in one order, sigma's own
 * display fields included: sigma copies each node and fills in what lacks on
 * every full refresh, which for objects of one shape that lack nothing is a
 * fraction of the work (and of the garbage). */
function nodeAttrs(p: Pick<NodeAttrs, "x" | "y" | "label" | "type" | "platform" | "asset"> & Partial<NodeAttrs>): NodeAttrs {
  return {
    x: p.x, y: p.y, size: p.size ?? 4, color: p.color ?? "#1f77b4", label: p.label, type: p.type, base: p.label,
    platform: p.platform, hop: p.hop ?? 0, community: p.community ?? 0, datasets: p.datasets ?? [], createdAt: p.createdAt ?? null,
    asset: p.asset, fixed: false, evidence: p.evidence ?? "", strength: 0, hidden: false, highlighted: false, forceLabel: false, zIndex: 0,
  };
}

/** An edge's attributes, likewise in one shape. */
function edgeAttrs(kind: string, weight: number, size: number, color: string, label = "", firstAt?: string, lastAt?: string): EdgeAttrs {
  return { size, color, weight, kind, label, firstAt, lastAt, type: "line", hidden: false, forceLabel: false, zIndex: 0 };
}

/** Colours of the categories, dark enough to read against white. */
const palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#e377c2", "#8c564b", "#ff7f0e", "#17becf",
  "#7f7f7f", "#bcbd22", "#393b79", "#637939", "#843c39", "#7b4173", "#3182bd", "#e6550d"];
const platformColors: Record<string, string> = {
  TWITTER: "#1f77b4", FACEBOOK: "#393b79", INSTAGRAM: "#e377c2", YOUTUBE: "#d62728", TIKTOK: "#17becf",
  TELEGRAM: "#3182bd", VK: "#637939", WEB: "#8c564b", OTHER: "#7f7f7f",
};
const fadedColor = "#d5dae0";

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A deterministic starting position, so the same view opens the same way. */
function place(id: string, cx = 0, cy = 0, r = 100): { x: number; y: number } {
  const h = hash(id);
  const a = ((h & 0xffff) / 0xffff) * 2 * Math.PI;
  const d = r * Math.sqrt(((h >>> 16) & 0xffff) / 0xffff);
  return { x: cx + d * Math.cos(a), y: cy + d * Math.sin(a) };
}

export interface LegendEntry {
  color: string;
  label: string;
  shape: "circle" | "square";
}

const newGraph = () => new Graph<NodeAttrs, EdgeAttrs>({ type: "mixed", multi: false, allowSelfLoops: true });

/** Where the last setNetwork spent its time, in milliseconds (the draw bench reads it). */
export interface DrawTimings {
  /** Building and styling the graph off-screen. */
  build: number;
  /** Handing it to sigma, which reads every node and edge through the reducers, */
  index: number;
  /** places them and fills its WebGL buffers, */
  process: number;
  /** and draws the first frame (WebGL calls, then labels on a 2D canvas). */
  render: number;
}

export class Canvas {
  /** The drawn graph; setNetwork replaces it with one built off-screen. */
  graph = newGraph();
  readonly sigma: Sigma<NodeAttrs, EdgeAttrs>;
  private layout: FA2Layout<NodeAttrs, EdgeAttrs> | null = null;
  private layoutTimer = 0;
  /** Set while a deferred start of ForceAtlas2 waits for its frame (tests wait for it before they pause the layout). */
  layoutPending = false;
  /** Counts stopLayout calls, so that a deferred start knows it was cancelled. */
  private layoutGen = 0;
  selection = new Set<string>();
  hidden = new Set<string>();
  pinned = new Set<string>();
  colorBy: ColorBy = "platform";
  /** Set when the graph holds a coordination run: its communities come from the API. */
  private apiCommunities = false;
  private legend: LegendEntry[] = [];
  onLayoutChange: (running: boolean) => void = () => {};
  timings: DrawTimings = { build: 0, index: 0, process: 0, render: 0 };

  constructor(container: HTMLElement) {
    this.sigma = new Sigma<NodeAttrs, EdgeAttrs>(this.graph, container, {
      nodeProgramClasses: { square: NodeSquareProgram },
      // One-pixel GL lines: a fraction of the pixels of sigma's quads, for large graphs.
      edgeProgramClasses: { thin: EdgeLineProgram },
      // A folded panel may leave the container without height for a moment.
      allowInvalidContainer: true,
      defaultEdgeType: "arrow",
      renderEdgeLabels: false,
      labelDensity: 0.7,
      labelRenderedSizeThreshold: 7,
      // While the camera moves, draw nodes only: pan and zoom stay smooth on
      // large networks and on software WebGL.
      hideEdgesOnMove: true,
      // Two clicks within half a second are a double click (expand), as on
      // most desktops; sigma's 300 ms missed slower hands and busy pages.
      doubleClickTimeout: 500,
      hideLabelsOnMove: true,
      zIndex: true,
      // sigma hands the reducers a copy of the attributes, re-read on every
      // full refresh (after each drag, for one): they change it in place and
      // leave most items untouched, since 25,000 copies cost a frame.
      nodeReducer: (node, attrs) => {
        const out = attrs as Partial<NodeDisplayData> & NodeAttrs & { zIndex?: number };
        if (this.hidden.has(node)) {
          out.hidden = true;
          return out;
        }
        if (this.pinned.has(node)) out.label = "[pinned] " + attrs.base;
        if (this.selection.size > 0) {
          if (this.selection.has(node)) {
            out.highlighted = true;
            out.zIndex = 2;
            out.forceLabel = true;
          } else if (!this.touchesSelection(node)) {
            out.color = fadedColor;
            out.label = "";
            out.zIndex = 0;
          }
        }
        return out;
      },
      edgeReducer: (edge, attrs) => {
        if (this.hidden.size === 0 && this.selection.size === 0) return attrs;
        const out = attrs as EdgeAttrs & { hidden?: boolean };
        const [s, t] = this.graph.extremities(edge);
        if (this.hidden.has(s) || this.hidden.has(t)) out.hidden = true;
        else if (this.selection.size > 0 && !this.selection.has(s) && !this.selection.has(t)) out.color = "#eceff2";
        return out;
      },
    });
  }

  private touchesSelection(node: string): boolean {
    for (const n of this.graph.neighbors(node)) if (this.selection.has(n)) return true;
    return false;
  }

  /** Replaces the drawing with a network, keeping the places of nodes already drawn.
   * The new graph is built and styled off-screen, then handed to sigma in one
   * step: sigma re-reads a node or an edge on every change to the graph it
   * draws, which for 5,000 nodes and 20,000 edges added and styled one by one
   * cost more than drawing them. */
  setNetwork(net: ApiNetwork, coordination: boolean) {
    const t0 = performance.now();
    const kept = new Map<string, { x: number; y: number }>();
    this.graph.forEachNode((n, a) => kept.set(n, { x: a.x, y: a.y }));
    this.stopLayout();
    this.graph = newGraph();
    this.apiCommunities = coordination;
    this.merge(net, null, kept);
    this.restyle();
    const t1 = performance.now();
    const marks: Record<string, number> = {};
    const mark = (name: string) => () => { marks[name] = performance.now(); };
    this.sigma.once("beforeProcess", mark("process"));
    this.sigma.once("afterProcess", mark("processed"));
    this.sigma.setGraph(this.graph);
    const t2 = performance.now();
    this.timings = { build: t1 - t0, index: (marks.process ?? t2) - t1, process: (marks.processed ?? t2) - (marks.process ?? t2), render: t2 - (marks.processed ?? t2) };
    if (this.graph.order <= Canvas.autoLayoutNodes) this.startLayoutSoon();
  }

  /** Above this many nodes ForceAtlas2 waits for the Layout button, so that a
   * large network answers pan and zoom at once (its worker shares the CPU). */
  static readonly autoLayoutNodes = 2000;

  /** Adds a network (a node's expansion) around an existing node. */
  addNetwork(net: ApiNetwork, around: string | null) {
    this.merge(net, around, new Map());
    this.restyle();
    this.startLayout();
  }

  private merge(net: ApiNetwork, around: string | null, kept: Map<string, { x: number; y: number }>) {
    const n = Math.max(net.nodes.length, 1);
    const r = 20 * Math.sqrt(n);
    const centre = around && this.graph.hasNode(around) ? this.graph.getNodeAttributes(around) : null;
    for (const node of net.nodes) {
      if (this.graph.hasNode(node.id)) continue;
      const p = node.properties;
      const pos = kept.get(node.id) ?? (centre ? place(node.id, centre.x, centre.y, r / 3) : place(node.id, 0, 0, r));
      this.graph.addNode(node.id, nodeAttrs({
        x: pos.x, y: pos.y, label: node.label, type: "circle", platform: node.platform ?? "OTHER", asset: false,
        hop: typeof p.hop === "number" ? p.hop : 0, community: typeof p.community === "number" ? p.community : 0,
        datasets: Array.isArray(p.datasets) ? (p.datasets as string[]) : [],
        createdAt: typeof p.createdAt === "string" ? p.createdAt : null,
      }));
    }
    for (const e of net.edges) {
      if (this.graph.hasEdge(e.id) || !this.graph.hasNode(e.source) || !this.graph.hasNode(e.target)) continue;
      const attrs = edgeAttrs(e.kind, e.weight, 1, "#9aa5b1", "", e.properties.firstAt as string | undefined, e.properties.lastAt as string | undefined);
      if (e.kind === "COORDINATED") this.graph.addUndirectedEdgeWithKey(e.id, e.source, e.target, attrs);
      else this.graph.addDirectedEdgeWithKey(e.id, e.source, e.target, attrs);
    }
  }

  /** Draws an account's related assets beside it: square nodes, linked by their evidence. */
  addAssets(account: string, links: AssetLinkData[]) {
    if (!this.graph.hasNode(account)) return;
    const c = this.graph.getNodeAttributes(account);
    for (const l of links) {
      const a = l.asset;
      const name = a.name ?? (a.handle ? "@" + a.handle : a.id);
      const label = `[${a.platform.toLowerCase()} ${a.kind.toLowerCase()}] ${name}`;
      const evidence = `${l.via.toLowerCase().replace(/_/g, " ")}: ${l.evidence} (source: ${l.source}; confidence: ${l.confidence})`;
      if (!this.graph.hasNode(a.id)) {
        this.graph.addNode(a.id, nodeAttrs({ ...place(a.id, c.x, c.y, 30), size: 7, color: "#7a4fb3", label, type: "square", platform: a.platform, asset: true, evidence }));
      } else if (this.graph.getNodeAttribute(a.id, "asset")) {
        const prev = this.graph.getNodeAttribute(a.id, "evidence");
        if (prev && !prev.includes(evidence)) this.graph.setNodeAttribute(a.id, "evidence", prev + "\n" + evidence);
      }
      const key = `RELATED:${account}--${a.id}`;
      if (!this.graph.hasEdge(key) && a.id !== account) {
        this.graph.addUndirectedEdgeWithKey(key, account, a.id, edgeAttrs("RELATED", 1, 1.5, "#7a4fb3", l.via));
      }
    }
    this.restyle();
    this.startLayout();
  }

  /** Colours and sizes: size by amplification (weighted degree), colour by the
   * chosen attribute. Each of nodes and edges is updated in one pass, which
   * sigma sees as one change and redraws at the next frame. */
  restyle() {
    const g = this.graph;
    const parts = new Map<string, number>();
    if (this.colorBy === "community" && !this.apiCommunities && g.order > 0) {
      // Amplification networks carry no communities: Louvain runs here, on the drawn graph.
      const accounts = g.copy();
      accounts.forEachNode((n, a) => { if (a.asset) accounts.dropNode(n); });
      const found = louvain(accounts, { getEdgeWeight: "weight", rng: seeded(1) });
      const sizes = new Map<number, number>();
      for (const c of Object.values(found)) sizes.set(c, (sizes.get(c) ?? 0) + 1);
      const rank = new Map([...sizes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([c], i) => [c, i + 1]));
      for (const [n, c] of Object.entries(found)) parts.set(n, rank.get(c) ?? 0);
    }
    const categories = new Map<string, string>();
    const colorOf = (key: string, fixed?: string) => {
      if (!categories.has(key)) categories.set(key, fixed ?? palette[categories.size % palette.length]);
      return categories.get(key)!;
    };
    const strength = new Map<string, number>();
    let maxE = 1;
    g.forEachEdge((_e, a, s, t) => {
      if (a.kind === "RELATED") return;
      strength.set(s, (strength.get(s) ?? 0) + a.weight);
      if (t !== s) strength.set(t, (strength.get(t) ?? 0) + a.weight);
      maxE = Math.max(maxE, a.weight);
    });
    let maxW = 1;
    for (const w of strength.values()) maxW = Math.max(maxW, w);
    const nodes = g.order;
    const base = nodes > 2000 ? 2 : nodes > 500 ? 3 : 4;
    g.updateEachNodeAttributes((n, a) => {
      const s = strength.get(n) ?? 0;
      a.strength = s;
      a.fixed = this.pinned.has(n);
      if (parts.has(n)) a.community = parts.get(n)!;
      if (a.asset) {
        a.size = base + 4;
        a.color = "#7a4fb3";
        return a;
      }
      a.size = base + 14 * Math.sqrt(s / maxW);
      switch (this.colorBy) {
        case "platform": a.color = colorOf(a.platform.toLowerCase(), platformColors[a.platform]); break;
        case "dataset": a.color = colorOf(a.datasets.length ? a.datasets.slice().sort().join(" + ") : "(no dataset)"); break;
        case "community": a.color = colorOf(a.community ? "community " + a.community : "(none)"); break;
        case "hop": a.color = colorOf(a.hop === 0 ? "seed" : "hop " + a.hop); break;
      }
      return a;
    });
    // Arrow heads cost a second shape per edge, and each edge a quad as wide
    // as its weight: large graphs draw one-pixel lines instead.
    const thin = g.size > 5000;
    // The hint names "type": sigma then places every edge anew. Without a
    // hint it only repaints edges in place, and throws on one added since its
    // last frame (a related asset's link).
    g.updateEachEdgeAttributes((e, a) => {
      a.type = thin ? "thin" : g.isDirected(e) ? "arrow" : "line";
      if (a.kind !== "RELATED") a.size = 0.5 + 3 * Math.sqrt(a.weight / maxE);
      return a;
    }, { attributes: ["type", "size"] });
    this.legend = [...categories.entries()].sort((a, b) => a[0].localeCompare(b[0], "en", { numeric: true }))
      .map(([label, color]) => ({ label, color, shape: "circle" as const }));
    if (g.someNode((_n, a) => a.asset)) this.legend.push({ label: "related asset (square, [platform kind] label)", color: "#7a4fb3", shape: "square" });
  }

  legendEntries(): LegendEntry[] {
    return this.legend;
  }

  /** What the page reports: drawn (not hidden) nodes and edges. */
  counts(): { nodes: number; edges: number; assets: number } {
    let nodes = 0, assets = 0, edges = 0;
    this.graph.forEachNode((n, a) => { if (!this.hidden.has(n)) { nodes++; if (a.asset) assets++; } });
    this.graph.forEachEdge((_e, _a, s, t) => { if (!this.hidden.has(s) && !this.hidden.has(t)) edges++; });
    return { nodes, edges, assets };
  }

  startLayout(seconds?: number) {
    this.stopLayout();
    if (this.graph.order === 0) return;
    const settings = { ...forceAtlas2.inferSettings(this.graph), adjustSizes: false, edgeWeightInfluence: 0.5 };
    this.layout = new FA2Layout(this.graph, { settings, getEdgeWeight: "weight" });
    this.layout.start();
    this.onLayoutChange(true);
    // Layouts settle; stop after a while so an idle page does not spin a core.
    const ms = (seconds ?? Math.min(20, 3 + this.graph.order / 250)) * 1000;
    this.layoutTimer = window.setTimeout(() => this.stopLayout(), ms);
  }

  /** Starts ForceAtlas2 once the browser has shown the next frame: the
   * worker's start (copying the graph into it) then does not hold up the
   * first picture of a network. Stopping the layout cancels it. */
  private startLayoutSoon() {
    const gen = this.layoutGen;
    this.layoutPending = true;
    requestAnimationFrame(() => setTimeout(() => { if (gen === this.layoutGen) this.startLayout(); }, 0));
  }

  stopLayout() {
    this.layoutGen++;
    this.layoutPending = false;
    clearTimeout(this.layoutTimer);
    if (this.layout) {
      this.layout.kill();
      this.layout = null;
      this.onLayoutChange(false);
    }
  }

  layoutRunning(): boolean {
    return this.layout !== null && this.layout.isRunning();
  }

  /** The drawn nodes whose centres lie inside a loop given in viewport pixels. */
  nodesInside(loop: Point[]): string[] {
    const found: string[] = [];
    this.graph.forEachNode((n, a) => {
      if (!this.hidden.has(n) && inside(this.sigma.graphToViewport({ x: a.x, y: a.y }), loop)) found.push(n);
    });
    return found;
  }

  /** The viewport position of a node (for tests and tooltips). */
  nodePosition(id: string): { x: number; y: number } | null {
    if (!this.graph.hasNode(id)) return null;
    const a = this.graph.getNodeAttributes(id);
    return this.sigma.graphToViewport({ x: a.x, y: a.y });
  }

  /** The canvas as a PNG: sigma's layers drawn over white, as on screen. */
  async png(): Promise<Blob> {
    this.sigma.refresh();
    const layers = this.sigma.getCanvases();
    const first = Object.values(layers)[0];
    const out = document.createElement("canvas");
    out.width = first.width;
    out.height = first.height;
    const ctx = out.getContext("2d")!;
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    for (const name of ["edges", "nodes", "edgeLabels", "labels", "hovers", "hoverNodes"]) {
      const c = layers[name];
      if (c) ctx.drawImage(c, 0, 0);
    }
    return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error("no PNG"))), "image/png"));
  }
}

/** A small seeded generator, so Louvain colours the same graph the same way each time. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
