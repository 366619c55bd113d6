/* newsarchive search page: a small UI over Pagefind's JavaScript API.
 *
 * Loads only what a query needs (Pagefind's runtime, its page list and the index chunks of
 * the words searched); the filter lists are fetched when the reader opens "Filters", so a
 * first query stays small however large the archive grows. The index comes in shards of
 * year ranges (data-shards, newest first); the first is the primary bundle, the others are
 * merged into it. Results are built with DOM nodes and textContent: nothing from the index
 * is inserted as HTML except Pagefind's <mark> highlighting, rebuilt element by element.
 */
(function () {
  "use strict";
  var root = document.getElementById("na-search");
  if (!root) { return; }
  // Absolute, because import() resolves relative URLs against this script, not the page.
  var bundle = new URL(root.getAttribute("data-bundle"), document.baseURI).href;
  var shards = JSON.parse(root.getAttribute("data-shards") || "[]");
  var siteRoot = bundle.replace(/pagefind\/$/, "");  // the bundle sits at the site's root
  var pageSize = 10;
  var form = root.querySelector("form");
  var input = root.querySelector("input[type=search]");
  var status = root.querySelector(".na-search__status");
  var list = root.querySelector(".na-search__results");
  var more = root.querySelector(".na-search__more");
  var panel = root.querySelector(".na-search__filters");
  var groupsBox = root.querySelector(".na-search__filter-groups");
  var clear = root.querySelector(".na-search__clear");
  var ORDER = ["country", "region", "tag", "source", "year", "language"];
  var LABELS = {country: "Country", region: "Region", tag: "Tag", source: "Source",
                year: "Year", language: "Language"};
  var SHOWN = 8;  // values per filter before "show all"

  var pagefind = null, ready = null, filtersLoaded = false, totals = {};
  var selected = {};  // filter name -> Set of values
  var current = null, shown = 0, serial = 0;

  function load() {
    if (ready) { return ready; }
    if (!shards.length) { return Promise.reject(new Error("no search index")); }
    ready = import(bundle + shards[0] + "/pagefind.js").then(function (pf) {
      pagefind = pf;
      return pf.options({basePath: bundle + shards[0] + "/", excerptLength: 30});
    }).then(function () {
      return Promise.all(shards.slice(1).map(function (name) {
        return pagefind.mergeIndex(bundle + name + "/");
      }));
    }).catch(function (err) {
      ready = null;  // try again on the next search (e.g. an index still being written)
      throw err;
    });
    return ready;
  }

  function activeFilters() {
    var out = {};
    Object.keys(selected).forEach(function (name) {
      if (selected[name].size) { out[name] = {any: Array.from(selected[name])}; }
    });
    return out;
  }

  function say(text) { status.textContent = text; }

  function run() {
    var term = input.value.trim();
    var filters = activeFilters();
    var id = ++serial;
    var url = new URL(window.location.href);
    if (term) { url.searchParams.set("q", term); } else { url.searchParams.delete("q"); }
    window.history.replaceState(null, "", url);
    if (!term && !Object.keys(filters).length) {
      list.replaceChildren(); more.hidden = true; say(""); current = null;
      if (filtersLoaded) { renderFilters(totals); }
      return;
    }
    say("Searching…");
    load().then(function () {
      return pagefind.search(term || null, {filters: filters});
    }).then(function (search) {
      if (id !== serial) { return; }  // a newer query has started
      current = search; shown = 0;
      list.replaceChildren();
      var n = search.results.length;
      say(n === 0 ? "No articles found." :
          n + (n === 1 ? " article" : " articles") + (term ? " for “" + term + "”" : ""));
      if (filtersLoaded) { renderFilters(search.filters); }
      return showMore(id);
    }).catch(function (err) {
      say("Search is not available: " + err.message);
    });
  }

  function showMore(id) {
    var batch = current.results.slice(shown, shown + pageSize);
    shown += batch.length;
    more.hidden = shown >= current.results.length;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (items) {
      if (id !== serial) { return; }
      items.forEach(function (item) { list.appendChild(result(item)); });
    });
  }

  function link(url) {
    return /^\//.test(url) ? siteRoot + url.slice(1) : url;
  }

  function result(item) {
    var li = document.createElement("li");
    li.className = "na-search__result";
    var a = document.createElement("a");
    a.className = "na-search__result-title";
    a.href = link(item.url);
    a.textContent = item.meta.title || item.url;
    a.dir = "auto";  // Arabic titles read right to left
    li.appendChild(a);
    var facts = [item.meta.date, item.meta.source].filter(Boolean);
    if (facts.length) {
      var meta = document.createElement("div");
      meta.className = "na-search__result-meta";
      meta.textContent = facts.join(" · ");
      li.appendChild(meta);
    }
    var p = document.createElement("p");
    p.className = "na-search__result-excerpt";
    p.dir = "auto";
    appendExcerpt(p, item.excerpt || "");
    li.appendChild(p);
    return li;
  }

  var decoder = document.createElement("textarea");
  function text(html) {  // Pagefind's excerpt text is entity-encoded; decode without parsing tags
    decoder.innerHTML = html.replace(/</g, "&lt;");
    return decoder.value;
  }

  function appendExcerpt(p, excerpt) {
    excerpt.split(/(<mark>[\s\S]*?<\/mark>)/).forEach(function (part) {
      var m = /^<mark>([\s\S]*)<\/mark>$/.exec(part);
      if (m) {
        var mark = document.createElement("mark");
        mark.textContent = text(m[1]);
        p.appendChild(mark);
      } else if (part) {
        p.appendChild(document.createTextNode(text(part)));
      }
    });
  }

  function renderFilters(counts) {
    groupsBox.replaceChildren();
    var names = ORDER.filter(function (n) { return totals[n]; })
      .concat(Object.keys(totals).filter(function (n) { return ORDER.indexOf(n) < 0; }));
    names.forEach(function (name) {
      var values = Object.keys(totals[name]);
      if (!values.length) { return; }
      values.sort(name === "year" ? function (a, b) { return b.localeCompare(a); } :
        function (a, b) { return (totals[name][b] - totals[name][a]) || a.localeCompare(b); });
      var chosen = selected[name] || new Set();
      var box = document.createElement("fieldset");
      box.className = "na-search__group";
      var legend = document.createElement("legend");
      legend.textContent = LABELS[name] || name;
      box.appendChild(legend);
      var extra = [];
      values.forEach(function (value, i) {
        var count = counts && counts[name] ? (counts[name][value] || 0) : totals[name][value];
        var label = document.createElement("label");
        label.className = "na-search__option";
        var box2 = document.createElement("input");
        box2.type = "checkbox";
        box2.checked = chosen.has(value);
        box2.addEventListener("change", function () {
          selected[name] = selected[name] || new Set();
          if (box2.checked) { selected[name].add(value); } else { selected[name].delete(value); }
          run();
        });
        var span = document.createElement("span");
        span.textContent = value;
        var num = document.createElement("span");
        num.className = "na-search__count";
        num.textContent = String(count);
        label.append(box2, span, num);
        if (i >= SHOWN && !chosen.has(value)) { label.hidden = true; extra.push(label); }
        box.appendChild(label);
      });
      if (extra.length) {
        var all = document.createElement("button");
        all.type = "button";
        all.className = "na-search__all";
        all.textContent = "Show all " + values.length;
        all.addEventListener("click", function () {
          extra.forEach(function (l) { l.hidden = false; });
          all.remove();
        });
        box.appendChild(all);
      }
      groupsBox.appendChild(box);
    });
  }

  panel.addEventListener("toggle", function () {
    if (!panel.open || filtersLoaded) { return; }
    groupsBox.textContent = "Loading filters…";
    load().then(function () { return pagefind.filters(); }).then(function (all) {
      totals = all; filtersLoaded = true;
      if (current) { run(); } else { renderFilters(totals); }
    }).catch(function (err) { groupsBox.textContent = "Filters are not available: " + err.message; });
  });

  clear.addEventListener("click", function () {
    selected = {};
    run();
  });

  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 300);
  });
  more.addEventListener("click", function () { showMore(serial); });

  var q = new URLSearchParams(window.location.search).get("q");
  if (q) { input.value = q; run(); }
})();
