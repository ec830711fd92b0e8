/** Mobile-first styles of the device-facing pages (inlined; the page loads nothing else). */
export const landingStyles = `
:root{color-scheme:light dark;--accent:#1f4e79;--muted:#5f6b76;--card:#f4f6f8}
@media (prefers-color-scheme:dark){:root{--accent:#8cb8e6;--muted:#a7b1bb;--card:#1d2329}}
*{box-sizing:border-box}body{margin:0;font:17px/1.5 -apple-system,system-ui,sans-serif}
main{max-width:34rem;margin:0 auto;padding:1.25rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}h2{font-size:1.1rem;margin:0 0 .5rem}
.step{background:var(--card);border-radius:14px;padding:1rem;margin:0 0 1rem}
.step ol{padding-left:1.2rem;margin:.5rem 0 0}
.button{display:block;text-align:center;background:var(--accent);color:#fff;text-decoration:none;font-weight:600;border-radius:12px;padding:.85rem 1rem;margin:.75rem 0}
@media (prefers-color-scheme:dark){.button{color:#0b1620}}
.muted{color:var(--muted);font-size:.9rem}.fingerprint{font:12px/1.4 ui-monospace,monospace;word-break:break-all}
.notice{border-left:4px solid #c0392b;padding:.5rem .75rem;background:var(--card);border-radius:6px}
details{margin:1rem 0}summary{cursor:pointer;color:var(--accent)}
`;
