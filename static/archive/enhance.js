/* Progressive enhancement only: every page works without this file.
   Search suggestions: when the search form names a suggestion endpoint
   (data-suggest), the search box becomes an ARIA 1.2 combobox listing people
   and organizations as you type. Enter on a suggestion opens its page; Enter
   otherwise submits the plain search, as without JavaScript. */
(function () {
  "use strict";
  var form = document.querySelector("form.site-search[data-suggest]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  if (!input) return;
  var endpoint = form.getAttribute("data-suggest");
  var list = document.createElement("ul");
  var status = document.createElement("div");
  var items = [];
  var active = -1;
  var timer = null;
  var latest = 0;

  list.id = "site-search-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "People and organizations");
  list.hidden = true;
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  form.appendChild(list);
  form.appendChild(status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    var options = list.children;
    for (var i = 0; i < options.length; i++) {
      options[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function show(results) {
    items = results;
    list.textContent = "";
    results.forEach(function (item, i) {
      var option = document.createElement("li");
      var kind = document.createElement("span");
      option.id = "site-search-suggestion-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.appendChild(document.createTextNode(item.name));
      kind.className = "kind";
      kind.textContent = item.kind_label;
      option.appendChild(kind);
      // mousedown, not click: it comes before the input loses focus and closes the list.
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        window.location.assign(item.url);
      });
      list.appendChild(option);
    });
    var open = results.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    active = -1;
    status.textContent = open ? results.length + " suggestion" + (results.length === 1 ? "" : "s") + ", use the arrow keys to choose" : "";
  }

  function fetchSuggestions() {
    var typed = input.value.trim();
    if (typed.length < 2) {
      close();
      return;
    }
    var ticket = ++latest;
    var url = endpoint + (endpoint.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(typed);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        // An older answer arriving late must not replace a newer one.
        if (ticket === latest && document.activeElement === input) show(data.results || []);
      })
      .catch(close);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 150);
  });
  input.addEventListener("keydown", function (event) {
    var open = !list.hidden;
    if (event.key === "ArrowDown" && open) {
      event.preventDefault();
      highlight(active + 1 < items.length ? active + 1 : 0);
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      highlight(active > 0 ? active - 1 : items.length - 1);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      window.location.assign(items[active].url);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", close);
})();
