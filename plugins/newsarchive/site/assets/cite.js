// newsarchive: the "Cite" box's copy buttons (views/cite.py, box_html). The buttons
// stay hidden without JavaScript; the citations are plain selectable text either way.
(function () {
  "use strict";

  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copied(ok, status, name) {
    if (status) {
      status.textContent = ok ? name + " citation copied." :
        "Could not copy: the citation is selected, press Ctrl+C (or \u2318C) to copy it.";
    }
  }

  function copy(button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    if (!target) return;
    var box = button.closest(".na-cite");
    var status = box ? box.querySelector(".na-cite__status") : null;
    var name = (button.textContent || "").replace(/^Copy |\s*citation$/g, "");
    var text = (target.innerText || target.textContent || "").trim();
    var fallback = function () {
      selectText(target);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      copied(ok, status, name);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { copied(true, status, name); },
                                               fallback);
    } else {
      fallback();
    }
  }

  function init() {
    var buttons = document.querySelectorAll(".na-cite__copy[data-copy]");
    for (var i = 0; i < buttons.length; i++) {
      var button = buttons[i];
      if (button.getAttribute("data-ready")) continue;
      button.setAttribute("data-ready", "1");
      button.hidden = false;
      button.addEventListener("click", function (event) { copy(event.currentTarget); });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
