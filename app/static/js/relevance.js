// Skip logic in the browser: show a field only while its condition holds for what is typed.
// The condition arrives as a small expression tree (app/expressions.py, to_tree); the server
// applies the same condition again on every save, so this only spares a round trip.
(function () {
  "use strict";

  function valueOf(control, form) {
    if (control.type === "radio" || control.type === "checkbox") {
      var picked = form.querySelectorAll('[name="' + control.name + '"]:checked');
      return Array.prototype.map.call(picked, function (c) { return c.value; }).join("\n");
    }
    return control.value.trim();
  }

  function collect(scope, form, position) {
    var values = {};
    scope.querySelectorAll("input[name], select[name], textarea[name]").forEach(function (c) {
      var parts = c.name.split("-");
      if (parts.length > position) { values[parts[position]] = valueOf(c, form); }
    });
    return values;
  }

  var FULL_WIDTH = "０１２３４５６７８９．－";

  function asNumber(v) {
    if (typeof v !== "string") { return v; }
    var plain = v.replace(/[０-９．－]/g, function (c) {
      return "0123456789.-".charAt(FULL_WIDTH.indexOf(c));
    }).replace(/[,，]/g, "");
    return /^-?\d+(\.\d+)?$/.test(plain) ? parseFloat(plain) : v;
  }

  function compare(op, a, b) {
    a = asNumber(a); b = asNumber(b);
    switch (op) {
      case "==": return a === b;
      case "!=": return a !== b;
      case "<": return a < b;
      case "<=": return a <= b;
      case ">": return a > b;
      case ">=": return a >= b;
      case "in": return String(b).split("\n").indexOf(String(a)) >= 0;
      case "not in": return String(b).split("\n").indexOf(String(a)) < 0;
    }
    return undefined;
  }

  function evaluate(node, names) {
    switch (node.k) {
      case "const": return node.v;
      case "name": return names[node.id] === "" ? undefined : names[node.id];
      case "unary":
        var v = evaluate(node.v, names);
        if (node.op === "not") { return v === undefined ? undefined : !v; }
        return v === undefined ? undefined : (node.op === "neg" ? -asNumber(v) : asNumber(v));
      case "bool":
        var result = node.op === "and";
        for (var i = 0; i < node.vs.length; i++) {
          var part = evaluate(node.vs[i], names);
          if (part === undefined) { return undefined; }
          result = node.op === "and" ? result && part : result || part;
        }
        return result;
      case "cmp":
        var left = evaluate(node.l, names);
        for (var j = 0; j < node.ops.length; j++) {
          var right = evaluate(node.rs[j], names);
          if (left === undefined || right === undefined) { return undefined; }
          if (!compare(node.ops[j], left, right)) { return false; }
          left = right;
        }
        return true;
      case "bin":
        var l = asNumber(evaluate(node.l, names)), r = asNumber(evaluate(node.r, names));
        if (typeof l !== "number" || typeof r !== "number") { return undefined; }
        return { "+": l + r, "-": l - r, "*": l * r, "/": r ? l / r : undefined, "%": l % r }[node.op];
    }
    return undefined;
  }

  function refresh(form) {
    var scalars = collect(form, form, 2);
    form.querySelectorAll("[data-relevant]").forEach(function (box) {
      var row = box.closest("fieldset.roster-row, fieldset.grid-row");
      var names = Object.assign({}, scalars, row ? collect(row, form, 3) : {});
      var tree = JSON.parse(box.getAttribute("data-relevant"));
      // A condition this evaluator cannot judge (functions, last period, computed values)
      // keeps what the server decided at the last save.
      if (JSON.stringify(tree).indexOf('"k":"unknown"') >= 0) { return; }
      box.hidden = evaluate(tree, names) !== true;
    });
  }

  // A choice list that depends on another answer offers only the choices under it.
  function filterChoices(form) {
    form.querySelectorAll("select[data-filter-by]").forEach(function (select) {
      var scope = select.closest("fieldset.roster-row, fieldset.grid-row") || form;
      var names = collect(scope, form, scope === form ? 2 : 3);
      var parent = names[select.getAttribute("data-filter-by")] || "";
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.value) { return; }
        var open = option.getAttribute("data-parents").split("|").indexOf(parent) >= 0;
        option.hidden = !open;
        option.disabled = !open;
        if (!open && option.selected) { select.value = ""; }
      });
    });
  }

  document.querySelectorAll("form.fill-form").forEach(function (form) {
    form.addEventListener("input", function () { refresh(form); });
    form.addEventListener("change", function () { refresh(form); filterChoices(form); });
    filterChoices(form);
  });
})();
