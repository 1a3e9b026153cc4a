// The CommonMark specification's examples through docconv: each example's
// Markdown read as FORMAT and written as an HTML fragment, compared with
// the example's HTML after both are normalised (below).  Prints each
// failure and the count; exits 1 when fewer than MIN pass.
//
// usage: node commonmark.js SPEC_MODULE_DIR DOCCONV FORMAT MIN
'use strict';
const { execFileSync } = require('child_process');

const [specDir, docconv, format, min] = process.argv.slice(2);
const spec = require(require('path').resolve(specDir));

// Normalising.  Both sides are serialisations of HTML; these differences
// are the serialiser's, not the document's:
//  - white space between tags, and around the tags of blocks, is dropped;
//    other runs of white space outside <pre> are one space;
//  - character references are decoded and the text escaped again the
//    same way (& < > " as references, nothing else);
//  - tag names are lower case, attributes sorted, "/>" is ">".
const BLOCKS = new Set(['address', 'article', 'aside', 'blockquote', 'body',
	'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'h1', 'h2',
	'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'html', 'li', 'main', 'nav',
	'ol', 'p', 'pre', 'section', 'table', 'tbody', 'td', 'tfoot', 'th',
	'thead', 'title', 'tr', 'ul']);
const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s) {
	return s.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (m, r) => {
		if (r[0] !== '#')
			return NAMED[r] !== undefined ? NAMED[r] : m;
		const cp = r[1] === 'x' || r[1] === 'X' ? parseInt(r.slice(2), 16)
			: parseInt(r.slice(1), 10);
		return cp > 0 && cp <= 0x10FFFF ? String.fromCodePoint(cp) : m;
	});
}

function escape(s) {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;')
		.replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function tag(t) {
	const m = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)([^]*?)\/?>$/.exec(t);
	if (!m)
		return { text: t };  // a comment, declaration, instruction
	const attrs = [];
	const re = /([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
	let a;
	while ((a = re.exec(m[3])) !== null) {
		const v = a[2] ?? a[3] ?? a[4];
		attrs.push(v === undefined ? a[1].toLowerCase()
			: `${a[1].toLowerCase()}="${escape(decode(v))}"`);
	}
	attrs.sort();
	const name = m[2].toLowerCase();
	return { name, end: m[1] === '/',
		text: `<${m[1]}${name}${attrs.map((x) => ' ' + x).join('')}>` };
}

function normalise(html) {
	const parts = html.split(/(<!--[^]*?-->|<[^>]*>)/);
	const out = [];
	let pre = 0;
	for (let i = 0; i < parts.length; i++) {
		if (i % 2 === 1) {
			const t = tag(parts[i]);
			if (t.name === 'pre')
				pre += t.end ? -1 : 1;
			out.push({ tag: t });
			continue;
		}
		let text = parts[i];
		if (pre === 0)
			text = text.replace(/\s+/g, ' ');
		out.push({ text: escape(decode(text)), pre: pre > 0 });
	}
	for (let i = 0; i < out.length; i++) {
		if (out[i].text === undefined || out[i].pre)
			continue;
		const prev = out[i - 1] && out[i - 1].tag;
		const next = out[i + 1] && out[i + 1].tag;
		if (prev && (BLOCKS.has(prev.name) || prev.name === 'br'))
			out[i].text = out[i].text.replace(/^ /, '');
		if (next && BLOCKS.has(next.name))
			out[i].text = out[i].text.replace(/ $/, '');
		if (prev && next && /^\s*$/.test(out[i].text))
			out[i].text = '';
	}
	return out.map((p) => (p.tag ? p.tag.text : p.text)).join('').trim();
}

let passed = 0;
for (const t of spec.tests) {
	const markdown = t.markdown.replace(/→/g, '\t');
	const want = t.html.replace(/→/g, '\t');
	let got;
	try {
		got = execFileSync(docconv, ['-f', format, '-t', 'html',
			'--fragment', '-'], { input: markdown,
			stdio: ['pipe', 'pipe', 'pipe'] }).toString();
	} catch (e) {
		got = `docconv failed: ${e.stderr}`;
	}
	if (normalise(got) === normalise(want)) {
		passed++;
		continue;
	}
	console.log(`FAIL example ${t.number} (${t.section})`);
	console.log(`  markdown: ${JSON.stringify(markdown)}`);
	console.log(`  expected: ${JSON.stringify(want)}`);
	console.log(`  actual:   ${JSON.stringify(got)}`);
}
console.log(`${format}: ${passed} of ${spec.tests.length} examples pass ` +
	`(at least ${min} must)`);
process.exit(passed >= Number(min) ? 0 : 1);
