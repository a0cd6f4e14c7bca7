// How long lunr takes to index search-index/<lang>.json files, in node (V8, as in Chromium), built
// the way themes/default/assets/js/search/search.js builds them (fields, boosts, pipelines).
//   node bench/search-index-time.js ENGINE_FOLDER INDEX.json...
const fs = require('fs'), path = require('path');
const [folder, ...files] = process.argv.slice(2);
const pick = name => path.join(folder, fs.readdirSync(folder).find(f => f.startsWith(name + '.') && f.endsWith('.js')));
const lunr = require(pick('lunr'));
require(pick('lunr.stemmer.support'))(lunr);
require(pick('lunr.es'))(lunr);
const plain = s => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
const fold = token => token.update(plain);
lunr.Pipeline.registerFunction(fold, 'portal-fold');
const report = [];
for (const file of files) {
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  const started = process.hrtime.bigint();
  lunr(function () {
    if (data.language === 'es') this.use(lunr.es);
    this.pipeline.add(fold);
    this.searchPipeline.add(fold);
    this.ref('i');
    this.field('title', { boost: 8 });
    this.field('description', { boost: 3 });
    this.field('text');
    this.metadataWhitelist = ['position'];
    data.pages.forEach((p, i) => this.add({ i: String(i), title: p.title, description: p.description, text: p.text }));
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  report.push(`${data.language} ${data.pages.length} pages ${(ms / 1000).toFixed(2)} s`);
}
console.log('lunr indexing in the browser (node ' + process.version + '): ' + report.join(', '));
