/**
 * The console's only script: polls the JSON beside the page every second and updates the
 * fields marked `data-field`, so a running job's page moves without a reload.
 */
export const CONSOLE_SCRIPT = String.raw`'use strict';
const root = document.querySelector('[data-poll]');
const text = (el, value) => { if (el && el.textContent !== String(value)) el.textContent = String(value); };
function throughput(svg, samples) {
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  const rates = [];
  for (let i = 1; i < samples.length; i++) {
    const dt = (Date.parse(samples[i].at) - Date.parse(samples[i - 1].at)) / 1000;
    rates.push(dt > 0 ? (samples[i].done - samples[i - 1].done) / dt : 0);
  }
  if (rates.length === 0) return;
  const max = Math.max(...rates, 1);
  const w = Number(svg.getAttribute('width')), h = Number(svg.getAttribute('height'));
  const points = rates.map((r, i) => (i * w / Math.max(rates.length - 1, 1)).toFixed(1) + ',' + (h - r / max * (h - 10)).toFixed(1));
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
  line.setAttribute('points', points.join(' '));
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', '#2a6');
  svg.appendChild(line);
  svg.setAttribute('data-points', String(rates.length));
}
function renderJob(job) {
  for (const name of ['status', 'priority', 'succeeded', 'failed', 'elapsedSeconds', 'statusUpdateReason']) text(root.querySelector('[data-field="' + name + '"]'), job[name]);
  text(root.querySelector('[data-field="total"]'), job.total === null ? '?' : job.total);
  const bar = root.querySelector('[data-field="progress"]');
  bar.max = job.total || 1; bar.value = job.succeeded + job.failed;
  const body = root.querySelector('[data-field="failuresByCode"]');
  const codes = Object.entries(job.failuresByCode).sort((a, b) => b[1] - a[1]);
  body.replaceChildren(...(codes.length ? codes : [['none', '']]).map(([code, n]) => {
    const tr = document.createElement('tr');
    for (const v of [code, n]) { const td = document.createElement('td'); td.textContent = String(v); tr.appendChild(td); }
    return tr;
  }));
  throughput(root.querySelector('[data-field="throughput"]'), job.samples);
  text(root.querySelector('[data-field="report"]'), job.reportPath || 'not written yet');
}
function renderList(jobs) {
  const body = root.querySelector('tbody');
  body.replaceChildren(...jobs.map((job) => {
    const tr = document.createElement('tr');
    tr.dataset.job = job.jobId;
    const link = document.createElement('a');
    link.href = '/jobs/' + job.jobId; link.textContent = job.jobId;
    const cells = [link, job.status, job.priority, job.operation, job.succeeded + ' / ' + job.failed + ' / ' + (job.total === null ? '?' : job.total), job.createdAt];
    const fields = [null, 'status', 'priority', null, 'counts', null];
    cells.forEach((value, i) => {
      const td = document.createElement('td');
      if (fields[i]) td.dataset.field = fields[i];
      if (typeof value === 'object') td.appendChild(value); else td.textContent = String(value);
      tr.appendChild(td);
    });
    return tr;
  }));
}
async function poll() {
  try {
    const res = await fetch(root.dataset.poll, { cache: 'no-store' });
    if (res.ok) { const data = await res.json(); if (root.id === 'job') renderJob(data); else renderList(data); }
  } catch (e) { /* the server may be restarting: try again */ }
  setTimeout(poll, 1000);
}
if (root) poll();
`;
