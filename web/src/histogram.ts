// A histogram over time with a brush: drag across it to choose a window,
// click without dragging to clear it. Drawn in SVG so that its text stays crisp.

export interface Bar {
  /** Start and end of the bucket, in milliseconds since the epoch. */
  start: number;
  end: number;
  count: number;
  /** A tooltip line. */
  title: string;
}

const svgNS = "http://www.w3.org/2000/svg";
const H = 90, PAD_B = 14, PAD_T = 4;

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(svgNS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

export const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

export class Histogram {
  private svg = el("svg", { role: "img" });
  private bars: Bar[] = [];
  private lo = 0;
  private hi = 1;
  private brush: [number, number] | null = null;

  /** onBrush gets the chosen window, or null when it is cleared. */
  constructor(private host: HTMLElement, private rangeLabel: HTMLElement, label: string,
    private onBrush: (range: [number, number] | null) => void) {
    this.svg.setAttribute("aria-label", label);
    host.append(this.svg);
    let down: number | null = null;
    const xOf = (ev: MouseEvent) => {
      const r = this.svg.getBoundingClientRect();
      return this.lo + ((ev.clientX - r.left) / r.width) * (this.hi - this.lo);
    };
    this.svg.addEventListener("mousedown", (ev) => { down = xOf(ev); ev.preventDefault(); });
    window.addEventListener("mousemove", (ev) => {
      if (down === null) return;
      const x = xOf(ev);
      this.brush = [Math.min(down, x), Math.max(down, x)];
      this.draw();
    });
    window.addEventListener("mouseup", (ev) => {
      if (down === null) return;
      const x = xOf(ev);
      const px = Math.abs(x - down) / (this.hi - this.lo) * this.svg.getBoundingClientRect().width;
      down = null;
      if (px < 3) {
        this.brush = null;
        this.draw();
        this.onBrush(null);
        return;
      }
      this.draw();
      this.onBrush(this.brush);
    });
  }

  /** Shows bars; brush is the window to show as chosen (from the view). */
  setData(bars: Bar[], brush: [number, number] | null) {
    this.bars = bars;
    this.brush = brush;
    if (bars.length) {
      this.lo = Math.min(...bars.map((b) => b.start));
      this.hi = Math.max(...bars.map((b) => b.end));
      if (brush) { this.lo = Math.min(this.lo, brush[0]); this.hi = Math.max(this.hi, brush[1]); }
    }
    this.draw();
  }

  private draw() {
    // One user unit per CSS pixel, so that text is never stretched.
    const W = Math.max(100, Math.round(this.svg.getBoundingClientRect().width || this.host.clientWidth || 600));
    this.svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    this.svg.replaceChildren();
    if (!this.bars.length) {
      const t = el("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "axis" });
      t.textContent = "nothing to show";
      this.svg.append(t);
      this.rangeLabel.textContent = "";
      return;
    }
    const span = this.hi - this.lo || 1;
    const max = Math.max(...this.bars.map((b) => b.count), 1);
    const x = (t: number) => ((t - this.lo) / span) * W;
    for (const b of this.bars) {
      const h = ((H - PAD_B - PAD_T) * b.count) / max;
      const inBrush = this.brush && b.end > this.brush[0] && b.start < this.brush[1];
      const r = el("rect", {
        x: x(b.start), y: H - PAD_B - h, width: Math.max(2, x(b.end) - x(b.start) - 0.5), height: h,
        class: inBrush ? "bar hit" : "bar",
      });
      const title = el("title", {});
      title.textContent = b.title;
      r.append(title);
      this.svg.append(r);
    }
    for (const [t, anchor] of [[this.lo, "start"], [this.hi, "end"]] as const) {
      const a = el("text", { x: anchor === "start" ? 2 : W - 2, y: H - 2, "text-anchor": anchor, class: "axis" });
      a.textContent = day(t);
      this.svg.append(a);
    }
    if (this.brush) {
      this.svg.append(el("rect", { x: x(this.brush[0]), y: 0, width: Math.max(1, x(this.brush[1]) - x(this.brush[0])), height: H - PAD_B, class: "brush" }));
      this.rangeLabel.textContent = `${stamp(this.brush[0])} → ${stamp(this.brush[1])} UTC (click the chart to clear)`;
    } else {
      this.rangeLabel.textContent = "drag to choose a window";
    }
  }
}
