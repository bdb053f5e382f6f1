/* The term grid (plans/grid.html): moving between cells like a spreadsheet, a live check of the
   number format, "chưa lưu" on changed cells, a warning before leaving with unsaved changes, and
   saving one row without reloading. Without this file the page still works: the form posts the
   whole grid. The server reads every value again (plans.forms.clean_result): this check only says
   early what it would refuse, and never refuses what it takes. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var form = document.getElementById("term-grid");
  if (!form) return;
  var statusBox = document.getElementById("grid-status");
  var focusBar = document.getElementById("grid-focus");
  var submitting = false;

  // --- the number format, as chitieu.core.quantity.parse_number reads a number -------------------
  var TOKEN = /\d[\d.,]*\d|\d/g;
  var ACCEPTED = [
    /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/, // 1.234.567,5: "." groups thousands, "," marks decimals
    /^\d+(?:,\d+)?$/, // 1234,5
    /^0\.\d+$/, // 0.5: a group of thousands never starts with 0
    /^\d{1,3}(?:,\d{3}){2,}$/, // 2,886,673: several comma groups are thousands
  ];
  var MAX_DIGITS = 18;
  var BARE_NUMBER = /^(?:[-−+]\s?|âm\s+)?\d[\d.,]*$/i;

  function formatProblem(input) {
    var text = input.value.trim();
    if (!text) return "";
    var m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text)) !== null) {
      var token = m[0];
      if ((token.match(/\d/g) || []).length > MAX_DIGITS) return "Số quá lớn: «" + token + "»";
      if (!ACCEPTED.some(function (re) { return re.test(token); })) {
        return "Số viết không rõ: «" + token + "» — dấu chấm ngăn cách hàng nghìn, dấu phẩy là phần thập phân (ví dụ 1.234,5)";
      }
    }
    if (input.dataset.unit === "VND" && BARE_NUMBER.test(text)) {
      return "Ghi rõ đơn vị tiền, ví dụ 124.857 triệu đồng";
    }
    return "";
  }

  // --- cells -----------------------------------------------------------------------------------
  function inputs() { return form.querySelectorAll("input.cell-input"); }
  function cellOf(input) { return input.closest("td"); }
  function rowOf(input) { return input.closest("tr"); }
  function rowInputs(tr) { return Array.prototype.slice.call(tr.querySelectorAll("input.cell-input")); }
  // An emptied cell is not saved (a stored result is deleted on its target's own page): not dirty.
  function isDirty(input) {
    var value = input.value.trim();
    return !input.readOnly && value !== "" && value !== (input.dataset.initial || "").trim();
  }
  function errorId(input) { return "e" + input.id.slice(1); }

  function stateBox(input) {
    var td = cellOf(input);
    var box = td.querySelector(".cell-state");
    if (!box) {
      box = document.createElement("span");
      box.className = "cell-state";
      td.appendChild(box);
    }
    return box;
  }

  function setMark(input, cls, text) {
    var box = stateBox(input);
    ["unsaved", "just-saved", "cell-note"].forEach(function (c) {
      var old = box.querySelector("." + c);
      if (old) old.remove();
    });
    if (cls) {
      var span = document.createElement("span");
      span.className = cls;
      span.textContent = text;
      box.appendChild(document.createTextNode(" "));
      box.appendChild(span);
    }
  }

  function describedBy(input, add, id) {
    var ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    ids = ids.filter(function (x) { return x !== id; });
    if (add) ids.unshift(id);
    if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
    else input.removeAttribute("aria-describedby");
  }

  function showError(input, message) {
    var td = cellOf(input);
    var id = errorId(input);
    var span = document.getElementById(id);
    if (!message) {
      if (span) span.remove();
      td.classList.remove("invalid");
      input.removeAttribute("aria-invalid");
      describedBy(input, false, id);
      delete input.dataset.errorFor;
      return;
    }
    if (!span) {
      span = document.createElement("span");
      span.className = "cell-error";
      span.id = id;
      td.appendChild(span);
    }
    span.textContent = message;
    td.classList.add("invalid");
    input.setAttribute("aria-invalid", "true");
    describedBy(input, true, id);
    input.dataset.errorFor = input.value;
  }

  function refresh(input) {
    var td = cellOf(input);
    var dirty = isDirty(input);
    td.classList.toggle("dirty", dirty);
    if (dirty) {
      td.classList.remove("saved");
      setMark(input, "unsaved", "chưa lưu");
    } else if (!input.value.trim() && (input.dataset.initial || "").trim()) {
      setMark(input, "cell-note", "để trống: giữ số đã lưu");
    } else if (!td.classList.contains("saved")) {
      setMark(input, null);
    }
    refreshRow(rowOf(input));
    refreshCount();
  }

  function refreshRow(tr) {
    var button = tr.querySelector("button.row-save");
    if (button) button.hidden = !rowInputs(tr).some(isDirty);
  }

  function refreshCount() {
    var n = Array.prototype.filter.call(inputs(), isDirty).length;
    if (statusBox && !statusBox.dataset.sticky) statusBox.textContent = n ? n + " ô chưa lưu." : "";
  }

  function check(input) {
    // a message from the server stays until the value it was about is changed
    if (input.dataset.errorFor !== undefined && input.dataset.errorFor === input.value) return;
    showError(input, formatProblem(input));
  }

  // --- moving like a spreadsheet ----------------------------------------------------------------
  function grid() {
    return Array.prototype.map.call(form.querySelectorAll("tbody tr"), rowInputs);
  }

  function move(input, dRow, dCol) {
    var rows = grid();
    var r = -1, c = -1;
    rows.some(function (cells, i) {
      var j = cells.indexOf(input);
      if (j >= 0) { r = i; c = j; return true; }
      return false;
    });
    if (r < 0) return false;
    var nr = r + dRow, nc = c + dCol;
    if (nr < 0 || nr >= rows.length || nc < 0 || nc >= rows[nr].length) return false;
    var next = rows[nr][nc];
    next.focus();
    next.select();
    return true;
  }

  function atEdge(input, towardsEnd) {
    var start = input.selectionStart, end = input.selectionEnd, len = input.value.length;
    if (start === null) return true;
    if (start === 0 && end === len) return true; // the whole cell selected, as on arriving
    return towardsEnd ? start === len && end === len : start === 0 && end === 0;
  }

  form.addEventListener("keydown", function (e) {
    var input = e.target;
    if (!input.classList || !input.classList.contains("cell-input")) return;
    if (e.isComposing || e.keyCode === 229) return; // an input method is composing a letter
    var moved = false;
    if (e.key === "Enter" && !e.altKey && !e.ctrlKey && !e.metaKey) {
      moved = move(input, e.shiftKey ? -1 : 1, 0);
      e.preventDefault(); // Enter goes down, as in Excel; the buttons save
      if (!moved) input.select();
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (e.key === "ArrowDown") moved = move(input, 1, 0);
    else if (e.key === "ArrowUp") moved = move(input, -1, 0);
    else if (e.key === "ArrowRight" && atEdge(input, true)) moved = move(input, 0, 1);
    else if (e.key === "ArrowLeft" && atEdge(input, false)) moved = move(input, 0, -1);
    else if (e.key === "Escape" && input.dataset.focusValue !== undefined && !input.readOnly) {
      input.value = input.dataset.focusValue; // Esc undoes the typing in this cell, as in Excel
      input.select();
      refresh(input);
    }
    if (moved) e.preventDefault();
  });

  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === "s" || e.key === "S")) {
      e.preventDefault(); // Ctrl+S saves the grid, not the web page
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();
    }
  });

  // a cell scrolled under the sticky first column comes out from under it
  function reveal(input) {
    var scroller = form.querySelector(".grid-scroll");
    var th = rowOf(input).querySelector("th");
    if (!scroller || !th) return;
    var hidden = th.getBoundingClientRect().right - cellOf(input).getBoundingClientRect().left;
    if (hidden > 0) scroller.scrollLeft -= hidden;
  }

  form.addEventListener("focusin", function (e) {
    var input = e.target;
    if (!input.classList || !input.classList.contains("cell-input")) return;
    input.dataset.focusValue = input.value;
    window.requestAnimationFrame(function () { reveal(input); });
    if (focusBar) {
      var hintId = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
        return id.charAt(0) === "h";
      })[0];
      var hint = hintId ? document.getElementById(hintId) : null;
      var text = input.getAttribute("aria-label");
      if (input.readOnly) text += " — số đã duyệt, chỉ xem (cần cấp trên mở lại để sửa)";
      else if (hint) text += " — " + hint.textContent;
      focusBar.textContent = text;
    }
  });

  form.addEventListener("input", function (e) {
    if (e.target.classList && e.target.classList.contains("cell-input")) refresh(e.target);
  });

  form.addEventListener("focusout", function (e) {
    if (e.target.classList && e.target.classList.contains("cell-input")) check(e.target);
  });

  // --- leaving and saving -------------------------------------------------------------------------
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("pageshow", function () { submitting = false; });
  window.addEventListener("beforeunload", function (e) {
    if (submitting || !Array.prototype.some.call(inputs(), isDirty)) return undefined;
    e.preventDefault();
    e.returnValue = "Có ô chưa lưu. Rời trang thì mất các số vừa gõ.";
    return e.returnValue;
  });

  function say(text, sticky) {
    if (!statusBox) return;
    statusBox.textContent = text;
    if (sticky) statusBox.dataset.sticky = "1";
    else delete statusBox.dataset.sticky;
  }

  function applyRow(tr, row, values, savedNames) {
    var seen = tr.querySelector('input[type="hidden"][name$=".seen"]');
    if (seen && row.seen !== undefined) seen.value = row.seen;
    rowInputs(tr).forEach(function (input) {
      var key = input.name.split(".")[1];
      var cell = row.cells[key];
      if (!cell) return;
      var td = cellOf(input);
      if (values) input.value = cell.stored;
      input.dataset.initial = cell.stored;
      ["draft", "submitted", "approved"].forEach(function (s) { td.classList.remove("st-" + s); });
      var box = stateBox(input);
      var label = box.querySelector(".st");
      if (cell.status) {
        td.classList.add("st-" + cell.status);
        if (!label) {
          label = document.createElement("span");
          label.className = "st";
          box.insertBefore(label, box.firstChild);
        }
        label.textContent = cell.status_label;
        label.title = cell.status_title;
      } else if (label) {
        label.remove();
      }
      if (savedNames && savedNames.indexOf(input.name) >= 0) {
        td.classList.add("saved");
        setMark(input, "just-saved", "đã lưu");
      }
    });
  }

  function saveRow(tr, button) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", form.querySelector('input[name="csrfmiddlewaretoken"]').value);
    var seen = tr.querySelector('input[type="hidden"][name$=".seen"]');
    if (seen) data.append(seen.name, seen.value);
    var cells = rowInputs(tr);
    cells.forEach(function (input) { data.append(input.name, input.value); });
    button.disabled = true;
    say("Đang lưu…", true);
    fetch(form.getAttribute("action") || window.location.pathname, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") < 0) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (answer) {
        var row = answer.rows && answer.rows[tr.dataset.target];
        cells.forEach(function (input) { showError(input, ""); });
        if (answer.ok) {
          if (row) applyRow(tr, row, true, answer.cells || []);
        } else {
          if (row) applyRow(tr, row, false, null);
          cells.forEach(function (input) {
            if (answer.errors && answer.errors[input.name]) showError(input, answer.errors[input.name]);
          });
          var first = tr.querySelector('input[aria-invalid="true"]');
          if (first) first.focus();
        }
        cells.forEach(refresh);
        say(answer.message || "", !answer.ok);
      })
      .catch(function (err) {
        say("Không lưu được dòng này (" + err.message + "); hãy bấm «Lưu các ô đã sửa» để lưu cả bảng.", true);
      })
      .then(function () { button.disabled = false; refreshRow(tr); });
  }

  // a "Lưu dòng" button beside each target, shown while its row has unsaved cells
  Array.prototype.forEach.call(form.querySelectorAll("tbody tr"), function (tr) {
    if (!rowInputs(tr).some(function (input) { return !input.readOnly; })) return;
    var th = tr.querySelector("th");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "row-save";
    button.textContent = "Lưu dòng";
    button.setAttribute("aria-label", "Lưu dòng chỉ tiêu " + (th.querySelector(".stt") || th).textContent.replace(".", "").trim());
    button.hidden = true;
    button.addEventListener("click", function () { saveRow(tr, button); });
    th.appendChild(button);
  });

  Array.prototype.forEach.call(inputs(), function (input) {
    if (isDirty(input) || (!input.value.trim() && (input.dataset.initial || "").trim())) refresh(input);
  });
  refreshCount();
  var problems = document.getElementById("grid-problems");
  if (problems) problems.focus();
})();
