const seg = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
for (const n of [10000, 130000]) {
  const s = 'ab c'.repeat(n / 4);
  let t = Date.now();
  let k = 0;
  for (const x of seg.segment(s)) { if (++k > 1024) break; }
  console.log(n, 'iterate 1024', Date.now() - t);
  t = Date.now();
  const it = seg.segment(s).containing(0);
  console.log(n, 'containing', Date.now() - t);
  t = Date.now();
  const head = s.slice(0, 4096);
  k = 0;
  for (const x of seg.segment(head)) { if (++k > 1024) break; }
  console.log(n, 'iterate 1024 of a 4096 head', Date.now() - t);
}
