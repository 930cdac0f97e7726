// Select by lasso: a free-hand loop drawn over the network selects the
// nodes inside it. The lasso is drawn with the mouse when lasso mode is on
// (the toolbar button or L) or while Shift is held; a drag that barely moves
// stays a click, so shift-click on a node still adds it to the selection.
//
// The lasso listens to pointer events in the capture phase on the graph's
// container, before sigma's own mouse handlers (on a canvas inside it).
// Cancelling the pointerdown keeps the mouse events that would follow from
// sigma, so drawing a loop does not pan the camera; the click that ends it is
// swallowed, so it does not reach sigma's "click on the stage", which clears
// the selection. The browser merges pointer moves into one event a frame
// when the page is busy; the loop takes every merged point
// (getCoalescedEvents), so it follows the hand, not the frame rate.

export interface Point {
  x: number;
  y: number;
}

/** Below this extent in pixels a lasso is a click. */
const clickExtent = 4;

export class Lasso {
  /** Lasso mode: a plain drag draws a lasso instead of panning. */
  active = false;
  private overlay: HTMLCanvasElement;
  private points: Point[] = [];
  private drawing = false;
  private swallowClick = false;

  /** onSelect gets the loop, in the container's (sigma's viewport) pixels. */
  constructor(private host: HTMLElement, private onSelect: (loop: Point[]) => void) {
    this.overlay = document.createElement("canvas");
    this.overlay.className = "lasso-overlay";
    this.overlay.setAttribute("aria-hidden", "true");
    this.overlay.hidden = true;
    host.append(this.overlay);
    host.addEventListener("pointerdown", (ev) => this.down(ev), { capture: true });
    window.addEventListener("pointermove", (ev) => this.move(ev), { capture: true });
    window.addEventListener("pointerup", (ev) => this.up(ev), { capture: true });
    host.addEventListener("click", (ev) => {
      if (!this.swallowClick) return;
      this.swallowClick = false;
      ev.stopPropagation();
    }, { capture: true });
  }

  /** How many points the loop being drawn (or last drawn) has. */
  get pointCount(): number {
    return this.points.length;
  }

  /** Turns lasso mode on or off. */
  setActive(on: boolean) {
    this.active = on;
    this.host.classList.toggle("lasso-on", on);
  }

  /** Removes the drawn loop. The overlay is hidden when it shows nothing,
   * and a clear with nothing shown does nothing: the camera clears it on
   * every frame it moves, and a canvas layer redrawn over the graph on each
   * frame costs the compositor a frame's worth of pixels. */
  clear() {
    if (this.drawing || this.overlay.hidden) return;
    this.points = [];
    this.overlay.hidden = true;
  }

  private at(ev: MouseEvent): Point {
    const r = this.host.getBoundingClientRect();
    return { x: ev.clientX - r.left, y: ev.clientY - r.top };
  }

  private down(ev: PointerEvent) {
    this.swallowClick = false;
    if (ev.button !== 0 || !ev.isPrimary || !(this.active || ev.shiftKey)) return;
    ev.stopPropagation();
    ev.preventDefault();
    const r = this.host.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    this.overlay.width = Math.round(r.width * ratio);
    this.overlay.height = Math.round(r.height * ratio);
    this.drawing = true;
    this.overlay.hidden = false;
    this.points = [this.at(ev)];
    this.draw();
  }

  private move(ev: PointerEvent) {
    if (!this.drawing || !ev.isPrimary) return;
    ev.stopPropagation();
    const merged = typeof ev.getCoalescedEvents === "function" ? ev.getCoalescedEvents() : [];
    for (const e of merged.length ? merged : [ev]) {
      const p = this.at(e);
      const last = this.points[this.points.length - 1];
      if (Math.hypot(p.x - last.x, p.y - last.y) >= 2) this.points.push(p);
    }
    this.draw();
  }

  private up(ev: PointerEvent) {
    if (!this.drawing || !ev.isPrimary) return;
    this.drawing = false;
    ev.stopPropagation();
    this.points.push(this.at(ev));
    const xs = this.points.map((p) => p.x), ys = this.points.map((p) => p.y);
    const extent = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
    if (extent < clickExtent || this.points.length < 3) {
      // A click: sigma's click handler takes it (shift-click adds a node).
      this.overlay.hidden = true;
      return;
    }
    this.swallowClick = true;
    this.draw();
    this.onSelect(this.points.slice());
  }

  private draw() {
    const ctx = this.overlay.getContext("2d");
    if (!ctx) return;
    const ratio = this.overlay.width / Math.max(1, this.host.getBoundingClientRect().width);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, this.overlay.width, this.overlay.height);
    if (this.points.length < 2) return;
    ctx.beginPath();
    ctx.moveTo(this.points[0].x, this.points[0].y);
    for (const p of this.points.slice(1)) ctx.lineTo(p.x, p.y);
    ctx.closePath();
    ctx.fillStyle = "rgba(11, 87, 208, 0.08)";
    ctx.fill();
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = "#0b57d0";
    ctx.stroke();
  }
}

/** Whether p lies inside the polygon (even-odd rule; the loop closes itself). */
export function inside(p: Point, polygon: Point[]): boolean {
  let within = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i], b = polygon[j];
    if ((a.y > p.y) !== (b.y > p.y) && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) within = !within;
  }
  return within;
}
