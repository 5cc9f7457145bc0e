// obkit verification page. Plain JavaScript, no framework, nothing loaded
// from elsewhere. Everything a credential says is written with textContent,
// never as HTML.
"use strict";

(function () {
  var form = document.getElementById("form");
  var paste = document.getElementById("paste");
  var fileInput = document.getElementById("file");
  var drop = document.getElementById("drop");
  var clearButton = document.getElementById("clear");
  var result = document.getElementById("result");
  var verdict = document.getElementById("verdict");
  var details = document.getElementById("details");
  var badge = document.getElementById("badge");
  var credentials = document.getElementById("credentials");
  var checks = document.getElementById("checks");
  var raw = document.getElementById("raw");

  var statusWords = { passed: "Passed", failed: "Failed", warning: "Warning", skipped: "Not checked" };

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function setVerdict(text, state) {
    verdict.textContent = text;
    verdict.className = "verdict" + (state ? " " + state : "");
    verdict.setAttribute("data-state", state || "");
  }

  // send posts the input's bytes (a string or an ArrayBuffer).
  function send(body) {
    result.setAttribute("aria-busy", "true");
    setVerdict("Checking…", "busy");
    details.hidden = true;
    fetch("ui/verify", {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body: body,
      credentials: "same-origin",
      cache: "no-store"
    }).then(function (resp) {
      return resp.json().then(function (data) {
        return { ok: resp.ok, status: resp.status, data: data };
      }, function () {
        return { ok: false, status: resp.status, data: null };
      });
    }).then(function (r) {
      result.removeAttribute("aria-busy");
      if (!r.ok || !r.data || typeof r.data.verified !== "boolean") {
        var msg = "Could not check this input";
        if (r.data && r.data.title) msg += ": " + r.data.title;
        if (r.data && r.data.detail) msg += " (" + r.data.detail + ")";
        setVerdict(msg + ".", "error");
        return;
      }
      render(r.data);
    }).catch(function (err) {
      result.removeAttribute("aria-busy");
      setVerdict("Could not reach the verifier: " + err.message, "error");
    });
  }

  function sendFile(file) {
    if (!file) return;
    file.arrayBuffer().then(send, function (err) {
      setVerdict("Could not read the file: " + err.message, "error");
    });
  }

  // summaryList shows what a credential says.
  function summaryList(s) {
    var dl = el("dl", "summary");
    function row(label, value) {
      if (!value) return;
      dl.appendChild(el("dt", null, label));
      dl.appendChild(el("dd", null, value));
    }
    row("Achievement", s.achievement);
    row("Description", s.achievementDescription);
    row("Type", s.achievementType);
    row("Criteria", s.criteria);
    row("Credential", s.name);
    if (s.name && s.description !== s.achievementDescription) row("About", s.description);
    row("Issuer", s.issuerName ? s.issuerName + " (" + (s.issuer || "no id") + ")" : s.issuer);
    row("Listed in a registry as", s.registryName ? s.registryName + (s.registry ? " (" + s.registry + ")" : "") : "");
    row("Awarded to", s.subject);
    row("Valid from", s.validFrom);
    row("Valid until", s.validUntil);
    if (s.imageLink && s.imageLink.indexOf("https://") === 0) {
      dl.appendChild(el("dt", null, "Image (not loaded)"));
      var dd = el("dd");
      var a = el("a", null, s.imageLink);
      a.href = s.imageLink;
      a.rel = "noopener noreferrer nofollow";
      a.referrerPolicy = "no-referrer";
      dd.appendChild(a);
      dl.appendChild(dd);
    }
    return dl;
  }

  function badgeImage(s) {
    if (!s.image || s.image.indexOf("data:image/") !== 0) return null;
    var img = el("img", "badge-image");
    img.src = s.image;
    img.alt = s.imageAlt || (s.achievement ? "Badge: " + s.achievement : "Badge image");
    img.setAttribute("data-source", s.imageSource || "");
    return img;
  }

  function checkList(list, into) {
    (list || []).forEach(function (c) {
      var li = el("li", "check " + c.status);
      li.setAttribute("data-id", c.id);
      li.setAttribute("data-status", c.status);
      var head = el("p", "check-head");
      head.appendChild(el("span", "status", statusWords[c.status] || c.status));
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("strong", "title", c.title));
      li.appendChild(head);
      li.appendChild(el("p", "text", c.text));
      var more = [];
      if (c.code) more.push(c.code);
      if (c.path) more.push("at " + c.path);
      if (c.detail) more.push(c.detail);
      if (more.length) li.appendChild(el("p", "detail", more.join(" — ")));
      into.appendChild(li);
    });
  }

  function render(res) {
    setVerdict(res.verdict, res.verified ? "ok" : "fail");
    clear(badge);
    clear(credentials);
    clear(checks);
    var s = res.summary || null;
    if (s) {
      var img = badgeImage(s);
      if (img) badge.appendChild(img);
      var title = s.achievement || s.name;
      if (title) badge.appendChild(el("h3", "badge-title", title));
      if (!res.verified) badge.appendChild(el("p", "unverified-note", "What the credential says; it did not verify, so none of it is established."));
      badge.appendChild(summaryList(s));
    }
    if (res.kind === "presentation") {
      (res.credentials || []).forEach(function (c, i) {
        var sec = el("section", "credential");
        var name = c.summary.achievement || c.summary.name || "a credential";
        sec.appendChild(el("h3", null, "Credential " + (i + 1) + ": " + name + " — " + (c.verified ? "verified" : "not verified")));
        var img = badgeImage(c.summary);
        if (img) sec.appendChild(img);
        sec.appendChild(summaryList(c.summary));
        var ul = el("ul", "checks");
        checkList(c.checks, ul);
        sec.appendChild(ul);
        credentials.appendChild(sec);
      });
    }
    checkList(res.checks, checks);
    raw.textContent = JSON.stringify(res.report, null, 2);
    details.hidden = false;
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (!paste.value.trim()) {
      setVerdict("Paste a credential first, or drop a badge image.", "error");
      paste.focus();
      return;
    }
    send(paste.value);
  });

  // Ctrl+Enter (or Cmd+Enter) in the text area verifies, as the button does.
  paste.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.requestSubmit();
    }
  });

  clearButton.addEventListener("click", function () {
    paste.value = "";
    fileInput.value = "";
    details.hidden = true;
    setVerdict("Nothing checked yet.", "");
    paste.focus();
  });

  fileInput.addEventListener("change", function () {
    sendFile(fileInput.files && fileInput.files[0]);
  });

  ["dragenter", "dragover"].forEach(function (type) {
    drop.addEventListener(type, function (e) {
      e.preventDefault();
      drop.classList.add("over");
    });
  });
  drop.addEventListener("dragleave", function () {
    drop.classList.remove("over");
  });
  drop.addEventListener("drop", function (e) {
    e.preventDefault();
    drop.classList.remove("over");
    var dt = e.dataTransfer;
    if (dt && dt.files && dt.files.length) {
      sendFile(dt.files[0]);
    } else if (dt && dt.getData("text")) {
      paste.value = dt.getData("text");
      send(paste.value);
    }
  });
  // A drop that misses the zone must not open the file in the tab.
  window.addEventListener("dragover", function (e) { e.preventDefault(); });
  window.addEventListener("drop", function (e) { e.preventDefault(); });
})();
