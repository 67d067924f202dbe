// The review desk's script: batch upload with progress, and the cell panel of the report page.
// Every page works without it; text from a report is only ever set with textContent, never as markup.
"use strict";

(function () {
  const csrfMeta = document.querySelector('meta[name="csrf-token"]');
  const csrf = csrfMeta ? csrfMeta.content : "";

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function mib(n) {
    return n >= 1048576 ? (n / 1048576).toFixed(0) + " MiB" : (n / 1024).toFixed(0) + " KiB";
  }

  // -- batch upload ---------------------------------------------------------------------------------------------

  function uploadOne(item, li) {
    return new Promise((resolve) => {
      const status = el("span", "status", "等待上传");
      const bar = el("progress");
      bar.max = 1;
      bar.value = 0;
      li.append(" ", bar, " ", status);
      const form = new FormData();
      if (item.file) {
        form.append("file", item.file, item.file.name);
      } else {
        form.append("text", item.text);
        if (item.name) form.append("name", item.name);
      }
      const xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/reports");
      xhr.setRequestHeader("X-CSRF-Token", csrf);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) {
          bar.value = e.loaded / e.total;
          status.textContent = "上传中 " + Math.round((100 * e.loaded) / e.total) + "%";
        }
      };
      xhr.upload.onload = () => {
        bar.value = 1;
        status.textContent = "导入与检查中…";
      };
      xhr.onload = () => {
        bar.remove();
        let answer = null;
        try {
          answer = JSON.parse(xhr.responseText);
        } catch (err) {
          answer = null;
        }
        if (xhr.status >= 200 && xhr.status < 300 && answer && answer.report) {
          const r = answer.report;
          li.className = "done";
          status.textContent =
            (answer.created ? "已导入并检查" : "此文件已上传过，沿用原有审核") +
            "——错误 " + r.errors + "，警告 " + r.warnings + "，无法判断 " + r.cannot_tell + "。";
          const link = el("a", "open", "查看报告");
          link.href = "/reports/" + r.id;
          li.append(" ", link);
          resolve(true);
        } else {
          li.className = "failed";
          status.className = "error";
          status.setAttribute("role", "alert");
          status.textContent = answer && answer.message ? answer.message : "上传失败（HTTP " + xhr.status + "）。";
          resolve(false);
        }
      };
      xhr.onerror = () => {
        bar.remove();
        li.className = "failed";
        status.className = "error";
        status.textContent = "上传中断：连接失败或被服务器关闭。";
        resolve(false);
      };
      xhr.send(form);
    });
  }

  const uploadForm = document.getElementById("upload-form");
  if (uploadForm && window.FormData && window.XMLHttpRequest) {
    uploadForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const limit = Number(uploadForm.dataset.maxUpload);
      const limitWords = uploadForm.dataset.maxUploadWords;
      const progress = document.getElementById("progress");
      const button = document.getElementById("upload-button");
      const files = Array.from(document.getElementById("file-input").files);
      const text = document.getElementById("paste-text").value;
      const items = files.map((file) => ({ file: file, label: file.name }));
      if (text.trim()) {
        const name = uploadForm.elements.namedItem("name").value.trim();
        items.push({ text: text, name: name, label: name || "粘贴的文本" });
      }
      progress.replaceChildren();
      if (!items.length) {
        progress.append(el("li", "failed error", "请先选择文件，或粘贴报告全文。"));
        return;
      }
      button.disabled = true;
      let ok = 0;
      let failed = 0;
      const total = el("li", "summary", "共 " + items.length + " 个，正在处理…");
      progress.append(total);
      for (const [i, item] of items.entries()) {
        const li = el("li", "pending", "第 " + (i + 1) + "/" + items.length + " 个：" + item.label);
        progress.append(li);
        if (item.file && item.file.size > limit) {
          li.className = "failed";
          li.append(" ", el("span", "error",
            item.file.name + "：上传的文件超过大小限制（" + limitWords + "，此文件 " + mib(item.file.size) + "）。" +
            "The upload is larger than the " + limitWords + " limit."));
          failed += 1;
          continue;
        }
        if (await uploadOne(item, li)) ok += 1; else failed += 1;
        total.textContent = "共 " + items.length + " 个：已完成 " + (ok + failed) + " 个";
      }
      total.textContent = "全部完成：成功 " + ok + " 个，失败 " + failed + " 个。";
      const refresh = el("a", "refresh", "刷新报告列表");
      refresh.href = "/";
      total.append(" ", refresh);
      button.disabled = false;
      uploadForm.reset();
    });
  }

  // -- the report page's cell panel -------------------------------------------------------------------------------

  const data = document.getElementById("cells-data");
  if (!data) return;
  const cells = JSON.parse(data.textContent || "{}");
  const panel = document.getElementById("cell-panel");

  function show(id, text) {
    const node = document.getElementById(id);
    node.textContent = text || "";
    node.hidden = !text;
  }

  function select(td, scroll) {
    const info = cells[td.dataset.pointer];
    if (!info) return;
    document.querySelectorAll("td.selected").forEach((c) => c.classList.remove("selected"));
    td.classList.add("selected");
    panel.hidden = false;
    show("cell-label", info.label);
    document.getElementById("cell-value").textContent = info.text === "" ? "（空白）" : info.text;
    let source = "";
    if (info.source) {
      source = (info.unreadable ? "无法识别。" : "") + "原文“" + info.source.text + "”" +
        (info.source.where ? "（" + info.source.where + "）" : "") +
        (info.source.settled_by ? "，数字连写，按" + (info.source.settled_by === "arithmetic" ? "勾稽关系" : "唯一读法") + "拆分" : "");
    }
    show("cell-source", source);
    show("cell-declined", info.declined ? "导入时未读取此行：" + info.declined.reason : "");
    let correction = "";
    if (info.correction) {
      const before = info.correction.before;
      correction = "审核人更正：原为“" + (before && before.unreadable !== undefined ? before.unreadable : before) + "”" +
        (info.correction.note ? "（" + info.correction.note + "）" : "");
    }
    show("cell-correction", correction);
    const pointer = document.getElementById("correct-pointer");
    if (pointer) {
      pointer.value = info.pointer;
      document.getElementById("correct-value").value = info.unreadable ? "" : info.text;
    }
    document.querySelectorAll("li.finding.highlight").forEach((f) => f.classList.remove("highlight"));
    const ids = (td.dataset.findings || "").split(" ").filter(Boolean);
    ids.forEach((id) => {
      const item = document.getElementById("f-" + id);
      if (item) item.classList.add("highlight");
    });
    if (scroll && ids.length) {
      const first = document.getElementById("f-" + ids[0]);
      if (first) first.scrollIntoView({ block: "nearest" });
    }
  }

  document.querySelectorAll("td.cell").forEach((td) => {
    td.addEventListener("click", () => select(td, true));
    td.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        select(td, true);
      }
    });
  });

  function fromHash() {
    if (location.hash.startsWith("#cell-")) {
      const td = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (td) select(td, false);
    }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
