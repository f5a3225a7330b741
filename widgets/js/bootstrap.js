
// ---- kaoping: custom elements (appended to the wasm-bindgen glue by host/build/widgets.rs) ----
// One <script type="module" src=".../widgets/kaoping-widgets.js"> defines every element.
// The server defaults to where this module came from (its /widgets/ parent).
const KAOPING_DEFAULT_SERVER = new URL('../', import.meta.url).href;
let kaopingReady = null;
/** Loads the wasm once; resolves when the widgets can mount. */
export function kaopingInit() {
    if (!kaopingReady) kaopingReady = __wbg_init();
    return kaopingReady;
}
for (const [tag, kind] of [['kaoping-score-form', 'score-form'], ['kaoping-ballot', 'ballot'],
    ['kaoping-result', 'result'], ['kaoping-sampling', 'sampling'],
    ['kaoping-dashboard', 'dashboard']]) {
    if (customElements.get(tag)) continue;
    customElements.define(tag, class extends HTMLElement {
        static get observedAttributes() { return ['server', 'token', 'unit', 'year', 'prosecutor']; }
        connectedCallback() { this.kpMount(); }
        disconnectedCallback() { this.kpUnmount(); }
        attributeChangedCallback() {
            if (this.kpHandle) { this.kpUnmount(); this.kpMount(); }
        }
        kpMount() {
            const ticket = {};
            this.kpTicket = ticket;
            kaopingInit().then(() => {
                if (this.kpTicket !== ticket || !this.isConnected || this.kpHandle) return;
                this.kpHandle = mount(this, kind,
                    this.getAttribute('server') || KAOPING_DEFAULT_SERVER);
            }).catch((e) => console.error('考评组件加载失败', e));
        }
        kpUnmount() {
            this.kpTicket = null;
            const handle = this.kpHandle;
            this.kpHandle = null;
            if (handle) { handle.unmount(); handle.free(); }
        }
    });
}
