// The workbench page. One loop: an action changes the view (view.ts), the
// view goes to the URL, and sync() loads what the new view needs and draws
// it. Panels never change each other directly.
import "./app.css";
import { ApiError, run } from "./api";
import { type ApiNetwork, Canvas, fromTable } from "./canvas";
import { $, download, fmtInt, fmtSec, fmtTime, h } from "./dom";
import type * as T from "./gql/types";
import { type Bar, Histogram } from "./histogram";
import { Lasso } from "./lasso";
import * as Ops from "./ops";
import { allKinds, type CoordInput, defaultView, formatView, networkVariables, parseView, type View } from "./view";

let view: View = parseView(location.search);
let me: T.MeQuery["me"] | null = null;
const canvas = new Canvas($("graph"));
/** Select by lasso: the nodes inside the loop become the selection. */
const lasso = new Lasso($("graph"), (loop) => {
  canvas.selection = new Set(canvas.nodesInside(loop));
  selectionChanged();
});
// The loop is drawn in screen pixels: it no longer fits once the camera moves.
canvas.sigma.getCamera().on("updated", () => lasso.clear());
type CoordResult = T.CoordinationResultFragment;

/** What is loaded, by key: sync() reloads a part only when its key changes. */
const loaded = { graph: "", card: "", inv: "", table: "", timeline: "", batches: "", colour: "" };
/** Each loader's latest request; an older answer that arrives late is dropped. */
const gens: Record<string, number> = {};
const next = (k: string) => (gens[k] = (gens[k] ?? 0) + 1);
const current = (k: string, g: number) => gens[k] === g;

/** What tests and the draw bench read: the canvas and when the network arrived and was drawn. */
const probe = {
  canvas,
  view: () => view,
  counts: () => canvas.counts(),
  nodePosition: (id: string) => canvas.nodePosition(id),
  selection: () => [...canvas.selection].sort(),
  lassoPoints: () => lasso.pointCount,
  /** Where the last network's drawing spent its time (canvas.ts DrawTimings). */
  timings: () => canvas.timings,
  networkArrived: 0,
  networkDrawn: 0,
  lastRender: 0,
  loading: 0,
};
(window as unknown as { iograph: typeof probe }).iograph = probe;
canvas.sigma.on("afterRender", () => { probe.lastRender = performance.now(); });

function setView(patch: Partial<View>, push = false) {
  view = { ...view, ...patch };
  const url = location.pathname + formatView(view);
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
  void sync();
}
window.addEventListener("popstate", () => { view = parseView(location.search); void sync(); });

function banner(text: string | null, error = false) {
  const b = $("banner");
  b.hidden = !text;
  b.textContent = text ?? "";
  b.classList.toggle("error", error);
}

function fail(where: string, e: unknown) {
  const msg = e instanceof ApiError ? `${e.message} (${e.code})` : e instanceof Error ? e.message : String(e);
  banner(`${where}: ${msg}`, true);
}

async function busy<R>(f: () => Promise<R>): Promise<R> {
  probe.loading++;
  document.body.setAttribute("aria-busy", "true");
  try {
    return await f();
  } finally {
    if (--probe.loading === 0) document.body.removeAttribute("aria-busy");
  }
}

const canWrite = () => me !== null && me.role !== "VIEWER";

// ---------------------------------------------------------------- sync

async function sync() {
  reflectControls();
  canvas.hidden = new Set(view.hide);
  if (canvas.colorBy !== view.color) {
    canvas.colorBy = view.color;
    canvas.restyle();
    renderLegend();
  }
  const graphKey = JSON.stringify([view.mode, view.mode === "network" ? [networkVariables(view), view.expand] : null,
    view.mode === "coordination" ? [view.coord, view.run] : null, view.mode === "query" ? view.query : null]);
  const work: Promise<unknown>[] = [];
  if (graphKey !== loaded.graph) {
    loaded.graph = graphKey;
    work.push(loadGraph().then(() => loadAssets()));
  } else {
    work.push(loadAssets());
    canvas.sigma.refresh();
    renderStatus();
  }
  if ((view.node ?? "") !== loaded.card) {
    loaded.card = view.node ?? "";
    work.push(loadCard());
  }
  if ((view.inv ?? "") !== loaded.inv) {
    loaded.inv = view.inv ?? "";
    // The card's pin and note buttons depend on the open investigation.
    work.push(loadInvestigation().then(() => loadCard()));
  }
  const tableKey = JSON.stringify([view.mode, view.seeds[0], view.kinds, view.since, view.until]);
  if (view.mode === "network" && tableKey !== loaded.table) {
    loaded.table = tableKey;
    work.push(loadAmplifiers());
  }
  const batchKey = view.mode === "coordination" ? (view.coord?.dataset ?? view.run ?? "") : (view.seeds[0] ?? "");
  if (batchKey !== loaded.batches) {
    loaded.batches = batchKey;
    work.push(loadBatches());
  }
  updateShowQuery();
  await busy(() => Promise.all(work));
}

function reflectControls() {
  ($("hops") as HTMLSelectElement).value = String(view.hops);
  ($("min-weight") as HTMLInputElement).value = String(view.minWeight);
  ($("limit") as HTMLInputElement).value = String(view.limit);
  ($("color-by") as HTMLSelectElement).value = view.color;
  for (const box of $("kinds").querySelectorAll<HTMLInputElement>("input")) box.checked = view.kinds.includes(box.value as T.EngagementKind);
  if (view.coord) {
    ($("coord-dataset") as HTMLSelectElement).value = view.coord.dataset;
    ($("coord-signal") as HTMLSelectElement).value = view.coord.signal;
    ($("coord-window") as HTMLInputElement).value = String(view.coord.timeWindow);
    ($("coord-min") as HTMLInputElement).value = String(view.coord.minParticipation);
  }
  ($("coord-save") as HTMLButtonElement).disabled = !(view.mode === "coordination" && view.coord && !view.run && canWrite());
  for (const id of ["hops", "min-weight", "limit"]) ($(id) as HTMLInputElement).disabled = view.mode !== "network";
}

// ---------------------------------------------------------------- the graph

let coordResult: CoordResult | null = null;
let queryRows: { title: string; rows: Record<string, unknown>[] } | null = null;

async function loadGraph() {
  const g = next("graph");
  banner(null);
  coordResult = null;
  queryRows = null;
  try {
    if (view.mode === "network") {
      if (!view.seeds.length) {
        canvas.setNetwork({ truncated: false, nodes: [], edges: [] }, false);
        renderStatus();
        return;
      }
      const vars = networkVariables(view);
      const data = await run(Ops.NetworkDrawing, vars);
      const arrived = performance.now(); // the columns' conversion counts as drawing
      if (!current("graph", g)) return;
      let truncated = data.network.truncated;
      draw(fromTable(data.network), false, arrived);
      for (const x of view.expand) {
        const more = await run(Ops.NetworkDrawing, { ...vars, seeds: [x], hops: 1, limit: Math.min(view.limit, 200) });
        if (!current("graph", g)) return;
        truncated ||= more.network.truncated;
        canvas.addNetwork(fromTable(more.network), x);
      }
      if (canvas.graph.order > Canvas.autoLayoutNodes) {
        banner(`${fmtInt(canvas.graph.order)} nodes: press Layout ▶ to run ForceAtlas2 (it stays paused on large networks so that the view answers at once).`);
      }
      if (truncated) {
        const n = canvas.counts().nodes;
        banner(`Showing ${fmtInt(n)} nodes of more: the node cap (${view.limit}) stopped the widening. Raise the cap or narrow the time window.`);
      }
    } else if (view.mode === "coordination") {
      let result: CoordResult | null;
      let note = "";
      if (view.run) {
        const s = (await run(Ops.SavedCoordination, { id: view.run })).savedCoordination;
        result = s.result;
        note = `Saved run “${s.name}” of ${fmtTime(s.savedAt)}` + (s.dataChanged ? " — the data has changed since; a re-run may differ." : ".");
      } else if (view.coord) {
        result = (await run(Ops.Coordination, { input: coordInput(view.coord) })).coordination;
      } else {
        result = null;
      }
      if (!current("graph", g)) return;
      coordResult = result;
      draw(result?.network ?? { truncated: false, nodes: [], edges: [] }, true);
      if (result?.truncated) note += ` Showing the ${fmtInt(result.edges.length)} heaviest of ${fmtInt(result.edgeCount)} edges: the edge limit cut the rest.`;
      banner(note.trim() || null);
    } else if (view.mode === "query" && view.query) {
      const r = (await run(Ops.RunSavedQuery, { id: view.query, variables: null })).runSavedQuery;
      if (!current("graph", g)) return;
      if (r.errors.length) banner("The saved query answered with errors: " + r.errors.map((e) => String(e.message)).join("; "), true);
      const net = findNetwork(r.data);
      draw(net ?? { truncated: false, nodes: [], edges: [] }, false);
      const name = savedQueryNames.get(view.query) ?? view.query;
      queryRows = { title: name, rows: findRows(r.data) };
      if (net?.truncated) banner(`Showing ${fmtInt(net.nodes.length)} nodes of more: the query's node cap stopped the widening.`);
    }
  } catch (e) {
    if (current("graph", g)) fail("Loading the network", e);
    return;
  } finally {
    if (current("graph", g)) {
      addPinned();
      renderLegend();
      renderStatus();
      renderTable();
      syncCardActions();
      scheduleTimeline();
    }
  }
}

/** The card's canvas buttons follow the drawing: a card shown before its network arrived gets them enabled when it does. */
function syncCardActions() {
  const inGraph = view.node !== null && canvas.graph.hasNode(view.node);
  for (const [id, off] of [["card-expand", !inGraph || view.mode !== "network"], ["card-assets", !inGraph], ["card-hide", !inGraph]] as const) {
    const b = document.getElementById(id) as HTMLButtonElement | null;
    if (b) b.disabled = off;
  }
}

/** Draws a network that has just arrived, noting when it arrived and when sigma drew it first. */
function draw(net: ApiNetwork, coordination: boolean, arrived = performance.now()) {
  probe.networkArrived = arrived;
  canvas.sigma.once("afterRender", () => { probe.networkDrawn = performance.now(); });
  lasso.clear();
  canvas.setNetwork(net, coordination);
}

function coordInput(c: CoordInput): T.CoordinationInput {
  return { dataset: c.dataset, signal: c.signal, timeWindow: c.timeWindow, minParticipation: c.minParticipation };
}

/** The first network (an object with nodes and edges lists) in a query's data. */
function findNetwork(data: unknown): ApiNetwork | null {
  if (!data || typeof data !== "object") return null;
  const o = data as Record<string, unknown>;
  if (Array.isArray(o.nodes) && Array.isArray(o.edges)) {
    return { truncated: Boolean(o.truncated), nodes: o.nodes as ApiNetwork["nodes"], edges: o.edges as ApiNetwork["edges"] };
  }
  for (const v of Object.values(o)) {
    const n = findNetwork(v);
    if (n) return n;
  }
  return null;
}

/** The first list of objects in a query's data (a connection's nodes are unwrapped), as table rows. */
function findRows(data: unknown): Record<string, unknown>[] {
  if (Array.isArray(data)) {
    if (data.length && typeof data[0] === "object" && data[0] !== null) {
      return data.map((r) => {
        const o = r as Record<string, unknown>;
        return o.node && typeof o.node === "object" ? { ...(o.node as object), ...Object.fromEntries(Object.entries(o).filter(([k]) => k !== "node" && k !== "cursor")) } : o;
      });
    }
    return [];
  }
  if (data && typeof data === "object") {
    const o = data as Record<string, unknown>;
    for (const v of Object.values(o)) {
      const rows = findRows(v);
      if (rows.length) return rows;
    }
    // A single object (an account): one row.
    if (Object.values(o).some((v) => typeof v !== "object" || v === null)) return [o];
  }
  return [];
}

/** Related assets are drawn for the accounts the view lists. */
const assetCache = new Map<string, T.AccountCardQuery["account"]>();
async function card(id: string) {
  if (!assetCache.has(id)) assetCache.set(id, (await run(Ops.AccountCard, { id })).account);
  return assetCache.get(id)!;
}

async function loadAssets() {
  for (const id of view.assets) {
    if (!canvas.graph.hasNode(id)) continue;
    try {
      const a = await card(id);
      if (a) canvas.addAssets(id, a.relatedAssets);
    } catch (e) {
      fail("Loading related assets", e);
    }
  }
  renderLegend();
  renderStatus();
}

let pinnedAccounts: { id: string; platform: T.Platform; handle: string | null; name: string | null }[] = [];
function addPinned() {
  const pinned = new Set(pinnedAccounts.map((a) => a.id));
  const changed = pinned.size !== canvas.pinned.size || [...pinned].some((id) => !canvas.pinned.has(id));
  canvas.pinned = pinned;
  const missing = pinnedAccounts.filter((a) => !canvas.graph.hasNode(a.id));
  if (missing.length && view.mode === "network" && view.seeds.length) {
    canvas.addNetwork({
      truncated: false, edges: [],
      nodes: missing.map((a) => ({ id: a.id, kind: "Account", label: a.handle ? "@" + a.handle : a.name ?? a.id, platform: a.platform, properties: { hop: -1 } })),
    }, null);
  } else if (changed) {
    canvas.restyle();
  }
}

function renderStatus() {
  const c = canvas.counts();
  const s = $("graph-status");
  s.dataset.nodes = String(c.nodes);
  s.dataset.edges = String(c.edges);
  s.dataset.selected = String(canvas.selection.size);
  s.dataset.assets = String(c.assets);
  const parts = [`${fmtInt(c.nodes)} nodes`, `${fmtInt(c.edges)} edges`];
  if (c.assets) parts.push(`${c.assets} related assets`);
  if (canvas.selection.size) parts.push(`${canvas.selection.size} selected`);
  if (canvas.hidden.size) parts.push(`${canvas.hidden.size} hidden`);
  if (view.since || view.until) parts.push(`window ${fmtTime(view.since)} → ${fmtTime(view.until)}`);
  s.textContent = c.nodes || view.seeds.length || view.mode !== "network" ? parts.join(" · ") : "No network yet: search an account.";
  renderSelectionTools();
}

/** The toolbar's selection group: the count, and what can be done with the selection. */
function renderSelectionTools() {
  const n = canvas.selection.size;
  const count = $("selection-count");
  count.dataset.count = String(n);
  count.textContent = n ? `${fmtInt(n)} selected` : "none selected";
  ($("hide-selected") as HTMLButtonElement).disabled = n === 0;
  ($("table-selected") as HTMLButtonElement).disabled = n === 0;
  const pin = $("pin-selected") as HTMLButtonElement;
  pin.disabled = n === 0 || !view.inv || !canWrite();
  pin.title = !canWrite() ? "needs the ANALYST role" : !view.inv ? "open or start an investigation first" : "Pin the selected accounts to the open investigation";
}

function setLasso(on: boolean) {
  lasso.setActive(on);
  $("lasso").setAttribute("aria-pressed", String(on));
}

function renderLegend() {
  const l = $("legend");
  l.replaceChildren(...canvas.legendEntries().map((e) =>
    h("span", {}, h("i", { class: e.shape === "square" ? "square" : "", style: `background:${e.color}` }), e.label)));
  if (canvas.pinned.size) l.append(h("span", {}, "[pinned] label: pinned in the investigation"));
  l.append(h("span", { class: "muted" }, view.mode === "coordination" ? "size: coordination strength" : "size: amplification (weighted degree) · arrow: who amplified whom"));
}

canvas.onLayoutChange = (running) => { $("layout-toggle").textContent = running ? "Layout ❚❚" : "Layout ▶"; };

// Clicks: a click opens the card and selects; shift-click adds; double-click expands.
canvas.sigma.on("clickNode", ({ node, event }) => {
  if (event.original.shiftKey) {
    if (canvas.selection.has(node)) canvas.selection.delete(node);
    else canvas.selection.add(node);
    selectionChanged();
    return;
  }
  canvas.selection = new Set([node]);
  selectionChanged();
  setView({ node });
});
canvas.sigma.on("doubleClickNode", ({ node, event }) => {
  event.preventSigmaDefault();
  expand(node);
});
canvas.sigma.on("clickStage", () => { if (canvas.selection.size) { canvas.selection.clear(); selectionChanged(); } });
const tooltip = $("tooltip");
canvas.sigma.on("enterNode", ({ node, event }) => {
  const a = canvas.graph.getNodeAttributes(node);
  tooltip.textContent = a.base + (a.evidence ? "\n" + a.evidence : "") + (a.createdAt ? `\ncreated ${a.createdAt}` : "");
  tooltip.style.whiteSpace = "pre-line";
  const r = $("graph").getBoundingClientRect();
  tooltip.style.left = `${r.left + event.x + 12}px`;
  tooltip.style.top = `${r.top + event.y + 12}px`;
  tooltip.hidden = false;
});
canvas.sigma.on("leaveNode", () => { tooltip.hidden = true; });

function expand(node: string) {
  if (view.mode !== "network" || canvas.graph.getNodeAttribute(node, "asset")) return;
  if (!view.expand.includes(node) && !view.seeds.includes(node)) setView({ expand: [...view.expand, node] }, true);
}

function selectionChanged() {
  if (!canvas.selection.size) {
    lasso.clear();
    tableShowsSelection = false;
  }
  canvas.sigma.refresh();
  renderStatus();
  renderTable();
  scheduleTimeline();
}

// ---------------------------------------------------------------- the card

async function loadCard() {
  const g = next("card");
  const host = $("card");
  const id = view.node;
  if (!id) {
    host.replaceChildren(h("h2", {}, "Details"), h("p", { class: "muted" }, "Click a node to see its account card. Shift-click adds to the selection; Shift-drag (or Lasso, L) selects the nodes inside a loop; double-click expands; Esc clears."));
    return;
  }
  host.replaceChildren(h("h2", {}, "Details"), h("p", { class: "muted" }, "Loading " + id + "…"));
  try {
    const [a, notes] = await Promise.all([card(id), run(Ops.Notes, { about: id })]);
    if (!current("card", g)) return;
    if (!a) { host.replaceChildren(h("h2", {}, "Details"), h("p", {}, "No account " + id)); return; }
    const batch = await creationBatchOf(a);
    if (!current("card", g)) return;
    renderCard(a, notes.notes, batch);
  } catch (e) {
    if (current("card", g)) host.replaceChildren(h("h2", {}, "Details"), h("p", { class: "banner error" }, e instanceof Error ? e.message : String(e)));
  }
}

function renderCard(a: NonNullable<T.AccountCardQuery["account"]>, notes: T.NotesQuery["notes"], batch: string) {
  const row = (k: string, v: string | number | null | undefined | Node) =>
    v === null || v === undefined || v === "" ? [] : [h("dt", {}, k), h("dd", {}, typeof v === "number" ? fmtInt(v) : v)];
  const pinned = canvas.pinned.has(a.id);
  const drawn = view.assets.includes(a.id);
  const inGraph = canvas.graph.hasNode(a.id);
  const noInv = !view.inv ? "open or start an investigation first" : null;
  const needs = canWrite() ? null : "needs the ANALYST role";
  const actions = h("div", { class: "actions" },
    h("button", { type: "button", id: "card-expand", disabled: !inGraph || view.mode !== "network", onclick: () => expand(a.id) }, "Expand"),
    h("button", { type: "button", id: "card-assets", disabled: !inGraph, onclick: () => setView({ assets: drawn ? view.assets.filter((x) => x !== a.id) : [...view.assets, a.id] }, true) },
      drawn ? "Hide related assets" : `Draw related assets (${a.relatedAssets.length})`),
    h("button", { type: "button", id: "card-seed", onclick: () => openAccount(a.id) }, "Open as seed"),
    h("button", { type: "button", id: "card-add-seed", disabled: view.seeds.includes(a.id) || view.mode !== "network",
      onclick: () => setView({ seeds: [...view.seeds, a.id] }, true) }, "Add to seeds"),
    h("button", { type: "button", id: "card-pin", disabled: Boolean(noInv || needs), title: noInv ?? needs ?? "",
      onclick: () => pin(a.id, !pinned) }, pinned ? "Unpin" : "Pin"),
    h("button", { type: "button", id: "card-hide", disabled: !inGraph, onclick: () => setView({ hide: [...view.hide, a.id] }) }, "Hide"));
  const rel = a.relatedAssets.length
    ? h("ul", { class: "related", id: "related" }, ...a.relatedAssets.map((l) => h("li", {},
      h("b", {}, `${l.asset.platform.toLowerCase()} ${l.asset.kind.toLowerCase()}: `, l.asset.name ?? (l.asset.handle ? "@" + l.asset.handle : l.asset.id)),
      h("div", {}, h("span", { class: "plat" }, l.via.toLowerCase().replace(/_/g, " ")), " ", l.evidence),
      h("div", { class: "muted" }, `source: ${l.source} · confidence: ${l.confidence}`, l.operation ? ` · operation: ${l.operation.name ?? l.operation.id}` : ""))))
    : h("p", { class: "muted" }, "No related assets known.");
  const noteBox = h("textarea", { id: "note-text", rows: 2, placeholder: "A note on this node", "aria-label": "Note on this node" }) as HTMLTextAreaElement;
  const noteList = h("ul", { class: "notes", id: "node-notes" }, ...notes.map((n) => noteItem(n.text, n.author, n.createdAt)));
  $("card").replaceChildren(
    h("h2", {}, "Details"),
    h("div", { class: "card" },
      h("h3", {}, h("span", { class: "plat" }, a.platform.toLowerCase()), " ", a.handle ? "@" + a.handle : a.name ?? a.id),
      h("dl", {},
        ...row("Kind", a.kind.toLowerCase()), ...row("Name", a.name), ...row("Id", a.id), ...row("Created", a.createdAt),
        ...row("Creation batch", batch), ...row("Followers", a.followers), ...row("Following", a.following),
        ...row("Language", a.language), ...row("Location", a.location), ...row("Hashed", a.hashed ? "yes (pseudonymised by the release)" : null),
        ...row("Datasets", a.datasets.join(", ")), ...row("Clients", a.clients.slice(0, 5).map((c) => `${c.name} (${fmtInt(c.posts)})`).join(", ")),
        ...row("Profile", a.profileUrl), ...row("Description", a.description)),
      actions,
      h("h4", {}, "Related assets"), rel,
      h("h4", {}, "Notes"), noteList, noteBox,
      h("button", { type: "button", id: "note-add", disabled: Boolean(needs), title: needs ?? "",
        onclick: async () => {
          const text = noteBox.value.trim();
          if (!text) return;
          try {
            const n = (await run(Ops.AddNote, { input: { text, about: a.id, investigation: view.inv } })).addNote;
            noteList.prepend(noteItem(n.text, n.author, n.createdAt));
            noteBox.value = "";
            if (view.inv) await loadInvestigation();
          } catch (e) { fail("Adding the note", e); }
        } }, "Add note")));
}

function noteItem(text: string, author: string | null, at: string) {
  return h("li", {}, h("div", {}, text), h("div", { class: "meta" }, `${author ?? "?"} · ${fmtTime(at)}`));
}

/** Creation batches per dataset, fetched once: the card says how many accounts share an account's creation day. */
const batchCache = new Map<string, T.CreationBatchesQuery["creationBatches"]>();
async function batchesOf(dataset: string) {
  if (!batchCache.has(dataset)) batchCache.set(dataset, (await run(Ops.CreationBatches, { dataset, minAccounts: 2, first: 100 })).creationBatches);
  return batchCache.get(dataset)!;
}
async function creationBatchOf(a: NonNullable<T.AccountCardQuery["account"]>): Promise<string> {
  if (!a.createdAt || !a.datasets.length) return "";
  const b = (await batchesOf(a.datasets[0])).find((x) => x.date === a.createdAt);
  return b ? `${fmtInt(b.count)} accounts of ${a.datasets[0]} created the same day` : "none (no other account of its dataset created that day)";
}

async function pin(id: string, on: boolean) {
  if (!view.inv) return;
  try {
    if (on) await run(Ops.PinNodes, { investigation: view.inv, accounts: [id] });
    else await run(Ops.UnpinNodes, { investigation: view.inv, accounts: [id] });
    await loadInvestigation();
    await loadCard();
  } catch (e) { fail(on ? "Pinning" : "Unpinning", e); }
}

function openAccount(id: string) {
  setView({ ...defaultView, inv: view.inv, color: view.color, hops: view.hops, kinds: view.kinds, limit: view.limit, seeds: [id], node: id }, true);
}

// ---------------------------------------------------------------- tables

let amplifiers: T.AmplifiersQuery["amplifiers"] | null = null;
let sortKey = "total";
let sortAsc = false;

async function loadAmplifiers() {
  const g = next("table");
  amplifiers = null;
  if (!view.seeds.length) { renderTable(); return; }
  try {
    const d = await run(Ops.Amplifiers, { seed: view.seeds[0], kinds: networkVariables(view).kinds, since: view.since, until: view.until, first: 100 });
    if (!current("table", g)) return;
    amplifiers = d.amplifiers;
  } catch (e) {
    if (current("table", g)) fail("Loading the amplifiers", e);
  }
  renderTable();
}

/** Set by the toolbar's Table button: the table lists the selection until it is cleared. */
let tableShowsSelection = false;

function renderTable() {
  const host = $("table");
  const title = $("table-title");
  if (tableShowsSelection) { renderSelection(); return; }
  if (view.mode === "coordination") { renderGroups(); return; }
  if (view.mode === "query") {
    title.textContent = queryRows ? "Saved query: " + queryRows.title : "Saved query";
    renderRows(queryRows?.rows ?? []);
    return;
  }
  title.textContent = view.seeds[0] ? `Amplifiers of ${labelOf(view.seeds[0])}` : "Amplifiers";
  if (!amplifiers) { host.replaceChildren(h("p", { class: "muted" }, view.seeds.length ? "Loading…" : "Open an account to list who amplified it.")); return; }
  type Row = T.AmplifiersQuery["amplifiers"]["edges"][number]["node"];
  const cols: [string, string, (r: Row) => string | number | null][] = [
    ["account", "account", (r) => labelOf(r.account.id)], ["RT", "retweets", (r) => r.retweets], ["rep", "replies", (r) => r.replies],
    ["quo", "quotes", (r) => r.quotes], ["men", "mentions", (r) => r.mentions], ["total", "total", (r) => r.total],
    ["first", "firstAt", (r) => r.firstAt], ["min lat.", "minLatencySeconds", (r) => r.minLatencySeconds],
    ["median lat.", "medianLatencySeconds", (r) => r.medianLatencySeconds],
  ];
  const rows = amplifiers.edges.map((e) => e.node).sort((x, y) => {
    const c = cols.find((c) => c[1] === sortKey)!;
    const a = c[2](x), b = c[2](y);
    const d = a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;
    return sortAsc ? d : -d;
  });
  const table = h("table", { id: "amplifiers" },
    h("thead", {}, h("tr", {}, ...cols.map(([label, key]) => h("th", {
      class: key === "account" ? "" : "num", scope: "col", "aria-sort": sortKey === key ? (sortAsc ? "ascending" : "descending") : "none",
      onclick: () => { sortAsc = sortKey === key ? !sortAsc : key === "account" || key === "firstAt" || key.includes("Latency"); sortKey = key; renderTable(); },
    }, label)))),
    h("tbody", {}, ...rows.map((r) => h("tr", {
      class: canvas.selection.has(r.account.id) ? "sel" : "", tabindex: 0,
      onclick: () => { canvas.selection = new Set([r.account.id]); selectionChanged(); setView({ node: r.account.id }); },
      onkeydown: (ev: KeyboardEvent) => stepRows(ev),
    }, h("td", {}, labelOf(r.account.id)), h("td", { class: "num" }, fmtInt(r.retweets)), h("td", { class: "num" }, fmtInt(r.replies)),
    h("td", { class: "num" }, fmtInt(r.quotes)), h("td", { class: "num" }, fmtInt(r.mentions)), h("td", { class: "num" }, fmtInt(r.total)),
    h("td", {}, fmtTime(r.firstAt)), h("td", { class: "num" }, fmtSec(r.minLatencySeconds)), h("td", { class: "num" }, fmtSec(r.medianLatencySeconds))))));
  host.replaceChildren(h("p", { class: "muted" }, `${fmtInt(amplifiers.totalCount)} amplifiers` + (view.since || view.until ? " in the window" : "") +
    (amplifiers.totalCount > rows.length ? `; the ${rows.length} strongest listed` : "")), table);
}

/** Arrow keys step through table rows. */
function stepRows(ev: KeyboardEvent) {
  const tr = ev.currentTarget as HTMLTableRowElement;
  const to = ev.key === "ArrowDown" ? tr.nextElementSibling : ev.key === "ArrowUp" ? tr.previousElementSibling : null;
  if (ev.key === "Enter") tr.click();
  if (to instanceof HTMLElement) { ev.preventDefault(); to.focus(); }
}

function labelOf(id: string): string {
  return canvas.graph.hasNode(id) ? canvas.graph.getNodeAttribute(id, "base") : id;
}

/** The selected nodes as a table, strongest amplification first; a row opens the node's card. */
function renderSelection() {
  const rows = [...canvas.selection].filter((n) => canvas.graph.hasNode(n)).map((id) => ({ id, a: canvas.graph.getNodeAttributes(id) }))
    .sort((x, y) => (y.a.strength ?? 0) - (x.a.strength ?? 0) || (x.id < y.id ? -1 : 1));
  $("table-title").textContent = `Selected nodes (${fmtInt(rows.length)})`;
  const back = h("button", { type: "button", id: "table-back", onclick: () => { tableShowsSelection = false; renderTable(); } },
    view.mode === "coordination" ? "Back to the groups" : view.mode === "query" ? "Back to the query's rows" : "Back to the amplifiers");
  const table = h("table", { id: "selection-table" },
    h("thead", {}, h("tr", {}, h("th", {}, "node"), h("th", {}, "platform"), h("th", { class: "num" }, "hop"),
      h("th", { class: "num" }, view.mode === "coordination" ? "strength" : "amplification"), h("th", {}, "created"))),
    h("tbody", {}, ...rows.map(({ id, a }) => h("tr", {
      tabindex: 0, "data-id": id, class: view.node === id ? "sel" : "",
      onclick: () => setView({ node: id }),
      onkeydown: (ev: KeyboardEvent) => stepRows(ev),
    }, h("td", {}, a.base), h("td", {}, a.asset ? "related asset" : a.platform.toLowerCase()),
    h("td", { class: "num" }, a.hop >= 0 && !a.asset ? a.hop : "–"), h("td", { class: "num" }, fmtInt(a.strength ?? 0)),
    h("td", {}, a.createdAt ?? "–")))));
  $("table").replaceChildren(h("p", { class: "muted" }, `${fmtInt(rows.length)} selected; click a row for its card. `, back), table);
}

function renderGroups() {
  $("table-title").textContent = "Coordinated groups (Louvain communities)";
  const host = $("table");
  const r = coordResult;
  if (!r) { host.replaceChildren(h("p", { class: "muted" }, "Run a coordination detection (left) to list its groups.")); return; }
  const community = new Map<string, number>();
  for (const c of r.communities) for (const a of c.accounts) community.set(a, c.id);
  // Evidence: the objects the accounts of a group co-shared, from the edges inside it.
  const evidence = new Map<number, Map<string, number>>();
  for (const e of r.edges) {
    const c = community.get(e.a.id);
    if (c === undefined || c !== community.get(e.b.id)) continue;
    const m = evidence.get(c) ?? new Map<string, number>();
    for (const o of e.objects) m.set(o, (m.get(o) ?? 0) + 1);
    evidence.set(c, m);
  }
  const table = h("table", { id: "coord-groups" },
    h("thead", {}, h("tr", {}, h("th", {}, "group"), h("th", { class: "num" }, "accounts"), h("th", {}, "members"), h("th", {}, "shared objects (evidence)"), h("th", {}, ""))),
    h("tbody", {}, ...r.communities.map((c) => {
      const objs = [...(evidence.get(c.id) ?? new Map()).entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      return h("tr", {
        tabindex: 0, "data-community": c.id,
        onclick: () => { canvas.selection = new Set(c.accounts); selectionChanged(); },
        onkeydown: (ev: KeyboardEvent) => stepRows(ev),
      },
      h("td", {}, "community " + c.id), h("td", { class: "num" }, fmtInt(c.size)),
      h("td", {}, c.accounts.slice(0, 6).map(labelOf).join(", ") + (c.accounts.length > 6 ? ` and ${c.accounts.length - 6} more` : "")),
      h("td", {}, objs.length ? h("span", {}, ...objs.slice(0, 5).flatMap(([o, n], i) => [i ? ", " : "", h("code", {}, o), ` (${n})`]),
        objs.length > 5 ? ` and ${objs.length - 5} more` : "") : h("span", { class: "muted" }, "across groups only")),
      h("td", {}, h("button", {
        type: "button", disabled: !view.inv || !canWrite(), title: view.inv ? "Add its accounts to the investigation's seeds" : "open an investigation first",
        onclick: async (ev: Event) => {
          ev.stopPropagation();
          try { await run(Ops.AddSeeds, { investigation: view.inv!, accounts: c.accounts.slice(0, 100) }); await loadInvestigation(); } catch (e) { fail("Adding the group", e); }
        },
      }, "Add to investigation")));
    })));
  host.replaceChildren(h("p", { id: "coord-summary" },
    `${fmtInt(r.communities.length)} communities (modularity ${r.modularity.toFixed(3)}) in ${fmtInt(r.components.length)} groups; ` +
    `${fmtInt(r.edgeCount)} coordinated pairs of accounts from ${fmtInt(r.shares)} shares.`), table);
}

function renderRows(rows: Record<string, unknown>[]) {
  const host = $("table");
  if (!rows.length) { host.replaceChildren(h("p", { class: "muted" }, "No rows.")); return; }
  const cols = [...new Set(rows.slice(0, 50).flatMap((r) => Object.keys(r)))].slice(0, 12);
  const cell = (v: unknown) => (v === null || v === undefined ? "–" : typeof v === "object" ? JSON.stringify(v).slice(0, 200) : String(v));
  host.replaceChildren(h("p", { class: "muted" }, `${fmtInt(rows.length)} rows`), h("table", { id: "query-rows" },
    h("thead", {}, h("tr", {}, ...cols.map((c) => h("th", {}, c)))),
    h("tbody", {}, ...rows.slice(0, 500).map((r) => h("tr", {}, ...cols.map((c) => h("td", {}, cell(r[c]))))))));
}

// ---------------------------------------------------------------- time

const timeline = new Histogram($("timeline"), $("timeline-range"), "Posts over time; drag to choose a window",
  (range) => setView(range ? { since: new Date(range[0]).toISOString(), until: new Date(range[1]).toISOString() } : { since: null, until: null }, true));
const batches = new Histogram($("batches"), $("batches-range"), "Accounts created per day; drag to select the drawn accounts created then",
  (range) => {
    canvas.selection = new Set();
    if (range) {
      canvas.graph.forEachNode((n, a) => {
        if (a.createdAt && Date.parse(a.createdAt) < range[1] && Date.parse(a.createdAt) + 864e5 > range[0]) canvas.selection.add(n);
      });
    }
    selectionChanged();
  });

let timelineTimer = 0;
function scheduleTimeline() {
  clearTimeout(timelineTimer);
  timelineTimer = window.setTimeout(() => void busy(loadTimeline), 250);
}

/** The accounts the timeline counts: the selection, else the seeds and the most amplified drawn accounts. */
function timelineAccounts(): { ids: string[]; what: string } {
  if (canvas.selection.size) return { ids: [...canvas.selection].slice(0, 100), what: `posts of the ${canvas.selection.size} selected` };
  const strength: [string, number][] = [];
  canvas.graph.forEachNode((n, a) => { if (!a.asset && !canvas.hidden.has(n)) strength.push([n, a.size]); });
  strength.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const ids = [...new Set([...view.seeds, ...strength.map((s) => s[0])])].filter((n) => canvas.graph.hasNode(n)).slice(0, 100);
  return { ids, what: ids.length < strength.length ? `posts of the ${ids.length} most connected drawn accounts` : `posts of the ${ids.length} drawn accounts` };
}

async function loadTimeline() {
  const { ids, what } = timelineAccounts();
  const key = JSON.stringify(ids);
  const brush: [number, number] | null = view.since && view.until ? [Date.parse(view.since), Date.parse(view.until)] : null;
  if (key === loaded.timeline) { timeline.setData(timelineBars, brush); return; }
  loaded.timeline = key;
  const g = next("timeline");
  $("timeline-what").textContent = ids.length ? what : "";
  if (!ids.length) { timelineBars = []; timeline.setData([], null); return; }
  try {
    let bucket: T.Interval = "DAY";
    let rows = (await run(Ops.Timeline, { accounts: ids, bucket })).timeline;
    if (rows.length > 0 && rows.length <= 3) {
      bucket = "HOUR";
      rows = (await run(Ops.Timeline, { accounts: ids, bucket })).timeline;
    }
    if (!current("timeline", g)) return;
    const size = bucket === "DAY" ? 864e5 : 36e5;
    timelineBars = rows.map((r) => {
      const s = Date.parse(r.start);
      return { start: s, end: s + size, count: r.posts, title: `${fmtTime(r.start)}: ${fmtInt(r.posts)} posts` };
    });
    $("timeline-what").textContent = `${what}, per ${bucket.toLowerCase()}`;
    timeline.setData(timelineBars, brush);
  } catch (e) {
    if (current("timeline", g)) fail("Loading the timeline", e);
  }
}
let timelineBars: Bar[] = [];

async function loadBatches() {
  const g = next("batches");
  try {
    let dataset: string | null = null;
    if (view.mode === "coordination" && view.coord) dataset = view.coord.dataset;
    else if (view.seeds[0]) dataset = (await card(view.seeds[0]))?.datasets[0] ?? null;
    if (!current("batches", g)) return;
    if (!dataset) { $("batches-what").textContent = ""; batches.setData([], null); return; }
    const rows = await batchesOf(dataset);
    if (!current("batches", g)) return;
    $("batches-what").textContent = `${dataset}: days on which 2 or more of its accounts were created`;
    batches.setData(rows.map((b) => {
      const s = Date.parse(b.date + "T00:00:00Z");
      return { start: s, end: s + 864e5, count: b.count, title: `${b.date}: ${fmtInt(b.count)} accounts created` };
    }), null);
  } catch (e) {
    if (current("batches", g)) fail("Loading creation batches", e);
  }
}

// ---------------------------------------------------------------- investigations

const savedQueryNames = new Map<string, string>();
/** A saved view is a saved Network query whose description holds the workbench link. */
const viewPrefix = "workbench view: ";

async function loadInvestigations() {
  try {
    const list = (await run(Ops.Investigations, {})).investigations.edges.map((e) => e.node);
    const sel = $("inv-select") as HTMLSelectElement;
    sel.replaceChildren(h("option", { value: "" }, "none"), ...list.map((i) => h("option", { value: i.id }, i.title)));
    if (view.inv && !list.some((i) => i.id === view.inv)) sel.append(h("option", { value: view.inv }, view.inv));
    sel.value = view.inv ?? "";
  } catch (e) { fail("Listing investigations", e); }
}

async function loadInvestigation() {
  const g = next("inv");
  ($("inv-select") as HTMLSelectElement).value = view.inv ?? "";
  if (!view.inv) {
    $("inv-empty").hidden = false;
    $("inv-body").hidden = true;
    pinnedAccounts = [];
    addPinned();
    return;
  }
  try {
    const inv = (await run(Ops.Investigation, { id: view.inv })).investigation;
    if (!current("inv", g)) return;
    $("inv-empty").hidden = true;
    $("inv-body").hidden = false;
    $("inv-title").textContent = inv.title;
    const acct = (a: { id: string; platform: T.Platform; handle: string | null; name: string | null }, extra?: Node) => h("li", { "data-id": a.id },
      h("span", { class: "plat" }, a.platform.toLowerCase()),
      h("button", { type: "button", class: "linkish", onclick: () => (canvas.graph.hasNode(a.id) ? focusNode(a.id) : openAccount(a.id)) }, a.handle ? "@" + a.handle : a.name ?? a.id), extra);
    $("inv-seeds").replaceChildren(...inv.seeds.map((a) => acct(a)));
    $("inv-pinned").replaceChildren(...inv.pinned.map((a) => acct(a)));
    $("inv-queries").replaceChildren(...inv.queries.map((q) => savedQueryItem(q)));
    $("inv-notes").replaceChildren(...inv.notes.map((n) => {
      const li = noteItem(n.text, n.author, n.createdAt);
      if (n.about) li.querySelector(".meta")!.append(" · on ", h("button", { type: "button", class: "linkish", onclick: () => focusNode(n.about!) }, labelOf(n.about)));
      return li;
    }));
    pinnedAccounts = inv.pinned;
    addPinned();
    renderLegend();
    renderStatus();
  } catch (e) {
    if (current("inv", g)) fail("Opening the investigation", e);
  }
}

function focusNode(id: string) {
  canvas.selection = new Set([id]);
  selectionChanged();
  setView({ node: id });
}

function savedQueryItem(q: { id: string; name: string; description: string | null; document: string; variables: Record<string, unknown> }) {
  savedQueryNames.set(q.id, q.name);
  const isView = q.description?.startsWith(viewPrefix);
  return h("li", {}, h("span", { class: "plat" }, isView ? "view" : "query"), h("button", {
    type: "button", class: "linkish", title: q.description ?? "",
    onclick: () => {
      if (isView) {
        const link = q.description!.slice(viewPrefix.length).trim();
        const u = new URL(link, location.origin);
        setView({ ...parseView(u.search), inv: view.inv ?? parseView(u.search).inv }, true);
      } else {
        setView({ ...defaultView, inv: view.inv, mode: "query", query: q.id }, true);
      }
    },
  }, q.name));
}

async function loadSavedQueries() {
  try {
    const list = (await run(Ops.SavedQueries, {})).savedQueries.edges.map((e) => e.node);
    $("saved-queries").replaceChildren(...list.map((q) => savedQueryItem(q)));
  } catch (e) { fail("Listing saved queries", e); }
}

async function loadCoordinationRuns() {
  try {
    const [runs, sets] = await Promise.all([run(Ops.SavedCoordinations, {}), run(Ops.Datasets, {})]);
    $("coord-runs").replaceChildren(...runs.savedCoordinations.map((r) => h("li", {},
      h("button", { type: "button", class: "linkish", onclick: () => setView({ ...defaultView, inv: view.inv, mode: "coordination", run: r.id, color: "community" }, true) }, r.name),
      h("span", { class: "muted" }, r.dataChanged ? " (data changed)" : ""))));
    const sel = $("coord-dataset") as HTMLSelectElement;
    sel.replaceChildren(...sets.datasets.map((d) => h("option", { value: d.name }, `${d.name} (${d.kind}${d.synthetic ? ", synthetic" : ""}, ${fmtInt(d.accounts)} accounts)`)));
    if (view.coord) sel.value = view.coord.dataset;
  } catch (e) { fail("Listing coordination runs", e); }
}

// ---------------------------------------------------------------- actions

$("inv-select").addEventListener("change", (ev) => setView({ inv: (ev.target as HTMLSelectElement).value || null }, true));
$("inv-new").addEventListener("click", async () => {
  const box = $("inv-new-title") as HTMLInputElement;
  const title = box.value.trim() || (view.seeds[0] ? `Around ${labelOf(view.seeds[0])}` : "");
  if (!title) { banner("Give the investigation a title.", true); return; }
  try {
    const inv = (await run(Ops.CreateInvestigation, { input: { title, seeds: view.seeds.slice(0, 100) } })).createInvestigation;
    box.value = "";
    await loadInvestigations();
    setView({ inv: inv.id }, true);
  } catch (e) { fail("Starting the investigation", e); }
});
$("inv-add-seeds").addEventListener("click", async () => {
  if (!view.inv || !view.seeds.length) return;
  try { await run(Ops.AddSeeds, { investigation: view.inv, accounts: view.seeds.slice(0, 100) }); await loadInvestigation(); } catch (e) { fail("Adding seeds", e); }
});
$("inv-note-add").addEventListener("click", async () => {
  const box = $("inv-note-text") as HTMLTextAreaElement;
  if (!view.inv || !box.value.trim()) return;
  try { await run(Ops.AddNote, { input: { text: box.value.trim(), investigation: view.inv } }); box.value = ""; await loadInvestigation(); } catch (e) { fail("Adding the note", e); }
});
$("save-view").addEventListener("click", async () => {
  const name = ($("view-name") as HTMLInputElement).value.trim();
  if (!name || !view.inv) { banner(view.inv ? "Name the view first." : "Open an investigation first.", true); return; }
  try {
    const link = location.pathname + formatView({ ...view, inv: null });
    if (view.mode === "network") {
      await run(Ops.SaveQuery, { input: { name, description: viewPrefix + link, document: Ops.Network.document, variables: networkVariables(view), investigation: view.inv } });
    } else if (view.mode === "coordination" && (view.coord || view.run)) {
      const [document, variables] = view.run
        ? [Ops.exportDocuments.savedCoordinationNetwork, { id: view.run }]
        : [Ops.exportDocuments.coordinationNetwork, { input: coordInput(view.coord!) }];
      await run(Ops.SaveQuery, { input: { name, description: viewPrefix + link, document, variables, investigation: view.inv } });
    } else {
      banner("This view cannot be saved: it is a saved query already.", true);
      return;
    }
    ($("view-name") as HTMLInputElement).value = "";
    await Promise.all([loadInvestigation(), loadSavedQueries()]);
    banner(`Saved the view “${name}”.`);
  } catch (e) { fail("Saving the view", e); }
});

$("hops").addEventListener("change", (ev) => setView({ hops: Number((ev.target as HTMLSelectElement).value) }, true));
$("min-weight").addEventListener("change", (ev) => setView({ minWeight: Math.max(1, Number((ev.target as HTMLInputElement).value) || 1) }, true));
$("limit").addEventListener("change", (ev) => setView({ limit: Math.min(5000, Math.max(1, Number((ev.target as HTMLInputElement).value) || 500)) }, true));
$("color-by").addEventListener("change", (ev) => setView({ color: (ev.target as HTMLSelectElement).value as View["color"] }));
$("kinds").addEventListener("change", () => {
  const kinds = [...$("kinds").querySelectorAll<HTMLInputElement>("input:checked")].map((b) => b.value as T.EngagementKind);
  setView({ kinds: kinds.length ? kinds : allKinds }, true);
});
$("layout-toggle").addEventListener("click", () => (canvas.layoutRunning() ? canvas.stopLayout() : canvas.startLayout(30)));
$("hide-selected").addEventListener("click", () => {
  if (!canvas.selection.size) return;
  const hide = [...new Set([...view.hide, ...canvas.selection])];
  canvas.selection.clear();
  setView({ hide }, true);
});
$("unhide").addEventListener("click", () => setView({ hide: [] }, true));
$("lasso").addEventListener("click", () => setLasso(!lasso.active));
$("pin-selected").addEventListener("click", () => void busy(async () => {
  const inv = view.inv;
  const accounts = [...canvas.selection].filter((n) => canvas.graph.hasNode(n) && !canvas.graph.getNodeAttribute(n, "asset")).sort();
  if (!inv || !accounts.length) return;
  try {
    // pinNodes takes 100 accounts at a time.
    for (let i = 0; i < accounts.length; i += 100) await run(Ops.PinNodes, { investigation: inv, accounts: accounts.slice(i, i + 100) });
    await loadInvestigation();
    const skipped = canvas.selection.size - accounts.length;
    banner(`Pinned ${fmtInt(accounts.length)} selected accounts to the investigation` + (skipped ? ` (${skipped} related assets are not accounts and stay unpinned).` : "."));
  } catch (e) { fail("Pinning the selection", e); }
}));
$("table-selected").addEventListener("click", () => {
  tableShowsSelection = canvas.selection.size > 0;
  renderTable();
});

$("coord-run").addEventListener("click", () => {
  const coord: CoordInput = {
    dataset: ($("coord-dataset") as HTMLSelectElement).value,
    signal: ($("coord-signal") as HTMLSelectElement).value as T.CoordinationSignal,
    timeWindow: Number(($("coord-window") as HTMLInputElement).value) || 60,
    minParticipation: Number(($("coord-min") as HTMLInputElement).value) || 2,
  };
  if (!coord.dataset) { banner("Choose a dataset first.", true); return; }
  setView({ ...defaultView, inv: view.inv, mode: "coordination", coord, color: "community" }, true);
});
$("coord-save").addEventListener("click", async () => {
  if (!view.coord) return;
  const box = $("coord-name") as HTMLInputElement;
  const name = box.value.trim() || `${view.coord.signal.toLowerCase()} in ${view.coord.dataset}, ${view.coord.timeWindow} s`;
  try {
    const s = (await run(Ops.SaveCoordination, { name, input: coordInput(view.coord) })).saveCoordination;
    box.value = "";
    await loadCoordinationRuns();
    banner(`Saved the run “${s.name}”.`);
  } catch (e) { fail("Saving the run", e); }
});

for (const b of document.querySelectorAll<HTMLButtonElement>("[data-export]")) {
  b.addEventListener("click", () => void exportAs(b.dataset.export!));
}

/** Exports: PNG is the canvas itself; GEXF, GraphML and CSV run the view's query through /export. */
async function exportAs(format: string) {
  try {
    if (format === "png") {
      download(await canvas.png(), "iograph-view.png");
      return;
    }
    const q = new URLSearchParams();
    if (view.mode === "network") {
      if (!view.seeds.length) return;
      q.set("query", Ops.exportDocuments.network);
      q.set("variables", JSON.stringify(networkVariables(view)));
      q.set("path", "network");
    } else if (view.mode === "coordination" && view.run) {
      q.set("query", Ops.exportDocuments.savedCoordinationNetwork);
      q.set("variables", JSON.stringify({ id: view.run }));
    } else if (view.mode === "coordination" && view.coord) {
      q.set("query", Ops.exportDocuments.coordinationNetwork);
      q.set("variables", JSON.stringify({ input: coordInput(view.coord) }));
    } else if (view.mode === "query" && view.query) {
      q.set("savedQuery", view.query);
    } else return;
    const resp = await fetch(`/export/${format}?${q}`, { credentials: "same-origin" });
    if (!resp.ok) {
      const body = await resp.json().catch(() => ({ error: resp.statusText }));
      throw new Error(body.error ?? body.errors?.[0]?.message ?? resp.statusText);
    }
    const name = /filename="([^"]+)"/.exec(resp.headers.get("Content-Disposition") ?? "")?.[1] ?? `iograph.${format}`;
    download(await resp.blob(), name);
    banner(view.expand.length || view.hide.length || view.assets.length
      ? `Exported the view's query as ${format.toUpperCase()}; expansions, related assets and hidden nodes are on the canvas only (PNG has them).`
      : `Exported the view as ${format.toUpperCase()}.`);
  } catch (e) { fail("Export", e); }
}

function updateShowQuery() {
  let doc = "", vars: unknown = {};
  if (view.mode === "network" && view.seeds.length) { doc = Ops.Network.document; vars = networkVariables(view); }
  else if (view.mode === "coordination" && view.coord) { doc = Ops.Coordination.document; vars = { input: coordInput(view.coord) }; }
  else if (view.mode === "coordination" && view.run) { doc = Ops.SavedCoordination.document; vars = { id: view.run }; }
  else if (view.mode === "query" && view.query) { doc = Ops.RunSavedQuery.document; vars = { id: view.query }; }
  const a = $("show-query") as HTMLAnchorElement;
  a.href = doc ? `/playground?${new URLSearchParams({ query: doc, variables: JSON.stringify(vars, null, 2) })}` : "/playground";
}

// ---------------------------------------------------------------- search

const search = $("search") as HTMLInputElement;
const results = $("search-results") as HTMLUListElement;
let hits: T.SearchQuery["searchAccounts"]["edges"] = [];
let active = -1;
let searchTimer = 0;
let pending: Promise<void> | null = null;
/** The text the hits answer. */
let searched = "";

/** Plain words become a prefix search; Lucene syntax passes through as typed. */
function luceneOf(text: string): string {
  const t = text.trim().replace(/^@/, "");
  if (/[\s"*:?~()[\]{}^\\/+!-]/.test(t)) return t;
  // Wildcard terms skip the index's analyser, which lower-cases.
  return t.toLowerCase() + "*";
}

async function doSearch() {
  const text = search.value.trim();
  if (text.length < 2) { hits = []; renderHits(); return; }
  const g = next("search");
  try {
    const d = await run(Ops.Search, { query: luceneOf(text), first: 12 });
    if (!current("search", g)) return;
    hits = d.searchAccounts.edges;
    searched = text;
    active = hits.length ? 0 : -1;
    renderHits(d.searchAccounts.totalCount);
  } catch (e) {
    if (!current("search", g)) return;
    hits = [];
    results.replaceChildren(h("li", { class: "muted" }, e instanceof ApiError && e.code === "BAD_INPUT" ? "Not a valid search: " + e.message : String(e)));
    results.hidden = false;
  }
}

function renderHits(total = 0) {
  results.hidden = !search.value.trim() || document.activeElement !== search;
  if (!hits.length) { results.replaceChildren(h("li", { class: "muted" }, search.value.trim().length < 2 ? "Type two letters or more" : "No account matches")); return; }
  results.replaceChildren(...hits.map((hit, i) => h("li", {
    role: "option", id: "hit-" + i, "aria-selected": i === active ? "true" : "false", "data-id": hit.node.id,
    onmousedown: (ev: Event) => { ev.preventDefault(); choose(i); },
  }, h("span", { class: "plat" }, hit.node.platform.toLowerCase()), h("b", {}, hit.node.handle ? "@" + hit.node.handle : hit.node.id),
  h("span", { class: "muted" }, hit.node.name ?? ""))), ...(total > hits.length ? [h("li", { class: "muted" }, `${fmtInt(total)} matches; keep typing to narrow`)] : []));
  search.setAttribute("aria-activedescendant", active >= 0 ? "hit-" + active : "");
}

function choose(i: number) {
  const hit = hits[i];
  if (!hit) return;
  results.hidden = true;
  search.blur();
  openAccount(hit.node.id);
}

/** Set when "/" opened the search: some input paths type the "/" despite the cancelled key. */
let openedBySlash = false;
search.addEventListener("input", () => {
  if (openedBySlash && search.value.startsWith("/")) search.value = search.value.slice(1);
  openedBySlash = false;
  clearTimeout(searchTimer);
  searchTimer = window.setTimeout(() => { pending = doSearch(); }, 150);
});
search.addEventListener("focus", () => { if (hits.length) results.hidden = false; });
search.addEventListener("blur", () => { results.hidden = true; });
search.addEventListener("keydown", async (ev) => {
  if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
    ev.preventDefault();
    if (!hits.length) return;
    active = (active + (ev.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length;
    renderHits();
  } else if (ev.key === "Enter") {
    ev.preventDefault();
    clearTimeout(searchTimer);
    // Enter right after typing: wait for the answer to what was typed.
    if (search.value.trim() !== searched) {
      pending = doSearch();
      await pending;
    }
    choose(Math.max(active, 0));
  } else if (ev.key === "Escape") {
    results.hidden = true;
    search.blur();
  }
});

// Keyboard: "/" focuses search, Esc clears the selection (and leaves lasso mode), L toggles the lasso.
document.addEventListener("keydown", (ev) => {
  const t = ev.target as HTMLElement;
  const typing = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement;
  if (ev.key === "/" && !typing) {
    ev.preventDefault();
    openedBySlash = true;
    search.focus();
    search.select();
  } else if (ev.key === "Escape" && !typing) {
    setLasso(false);
    canvas.selection.clear();
    selectionChanged();
  } else if ((ev.key === "l" || ev.key === "L") && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
    setLasso(!lasso.active);
  }
});

// ---------------------------------------------------------------- start

async function start() {
  try {
    me = (await run(Ops.Me, {})).me;
    $("me").textContent = `${me.name} (${me.role.toLowerCase()})`;
    for (const b of document.querySelectorAll<HTMLButtonElement>("[data-needs=ANALYST]")) {
      if (!canWrite()) { b.disabled = true; b.title = "needs the ANALYST role"; }
    }
  } catch (e) { fail("Signing in", e); return; }
  await Promise.all([loadInvestigations(), loadSavedQueries(), loadCoordinationRuns(), sync()]);
  document.body.dataset.ready = "true";
}
void start();
