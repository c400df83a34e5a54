// The explorer's identity picker (development only), run in the browser after GraphiQL's own script:
// choosing a person of the demo world mints a fresh development token at the gateway and writes the
// headers that act as them (Authorization, and x-case-purpose where it applies) into GraphiQL's headers editor.
(() => {
  const { identities, tokenPath } = JSON.parse(document.getElementById('explorer-identities').textContent);
  const select = document.getElementById('explorer-identity');
  const status = document.getElementById('explorer-identity-status');
  for (const { id, label } of identities) select.add(new Option(label, id));

  /** GraphiQL's headers editor: a Monaco model, there once GraphiQL has mounted. */
  async function headersEditor() {
    for (let attempt = 0; attempt < 100; attempt++) {
      const model = globalThis.monaco?.editor.getModels().find((candidate) => candidate.uri.path.endsWith('request-headers.json'));
      if (model) return model;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the headers editor has not loaded');
  }

  select.addEventListener('change', async () => {
    const chosen = identities.find(({ id }) => id === select.value);
    if (!chosen) return;
    status.textContent = 'minting a token…';
    try {
      const response = await fetch(`${tokenPath}?identity=${encodeURIComponent(chosen.id)}`, { method: 'POST' });
      const answer = await response.json();
      if (!response.ok) throw new Error(answer.error ?? `the gateway answered ${response.status}`);
      (await headersEditor()).setValue(JSON.stringify(answer.headers, null, 2));
      document.body.dataset.identity = chosen.id;
      const purpose = answer.headers['x-case-purpose'];
      status.textContent = answer.token ? `fresh token in the headers${purpose ? `, purpose ${purpose}` : ''}` : 'no token: as anyone';
    } catch (error) {
      status.textContent = `could not act as them: ${error.message}`;
    }
  });
})();
