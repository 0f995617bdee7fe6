// Live result for a calculator form: asks the page's JSON endpoint as the inputs change; the form works without it.
(function () {
  "use strict";
  var form = document.querySelector("form.calculator");
  var result = document.getElementById("result");
  if (!form || !result || !window.fetch) { return; }
  var pending = null;

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function paragraph(text, bold) {
    var p = document.createElement("p");
    if (bold) { p.className = "headline"; var b = document.createElement("strong"); b.textContent = text; p.appendChild(b); }
    else { p.textContent = text; }
    return p;
  }

  function showResult(body) {
    clear(result);
    result.className = "result indicator-" + body.text.indicator;
    result.appendChild(paragraph(body.text.headline, true));
    var list = document.createElement("ul");
    body.text.lines.forEach(function (line) { var li = document.createElement("li"); li.textContent = line; list.appendChild(li); });
    result.appendChild(list);
  }

  function showProblems(errors) {
    form.querySelectorAll(".field-error").forEach(function (span) { span.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    var formError = document.getElementById("form-error");
    if (formError) { formError.remove(); }
    var missing = [];
    var wrong = false;
    errors.forEach(function (error) {
      var input = document.getElementById("f-" + error.path);
      if (error.problem === "missing") {
        var label = form.querySelector("label[for='f-" + error.path + "']");
        missing.push(label ? label.firstChild.textContent.trim() : error.path);
        return;
      }
      wrong = true;
      var span = document.getElementById("e-" + error.path);
      if (span) { span.textContent = error.message; }
      if (input) { input.setAttribute("aria-invalid", "true"); }
    });
    clear(result);
    result.className = "result";
    if (wrong) {
      result.appendChild(paragraph(errors.filter(function (e) { return e.problem !== "missing"; })
        .map(function (e) { return e.message; }).join(" "), false));
    } else {
      var sep = form.dataset.lang === "zh" ? "、" : ", ";
      result.appendChild(paragraph(result.dataset.enter.replace("{fields}", missing.join(sep)), false));
    }
  }

  function update() {
    var params = new URLSearchParams(new FormData(form));
    params.delete("submitted");
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(form.dataset.endpoint + "?" + params.toString(), { signal: pending.signal, headers: { Accept: "application/json" } })
      .then(function (response) { return response.json().then(function (body) { return [response.status, body]; }); })
      .then(function (answer) {
        if (answer[0] === 200) {
          showProblems([]);
          showResult(answer[1]);
        } else if (answer[0] === 400) {
          showProblems(answer[1].errors || []);
        }
        history.replaceState(null, "", form.getAttribute("action") + "?" + params.toString());
      })
      .catch(function () { /* the server-rendered form still works */ });
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
})();
