namespace SuperNet.Rpc.Web;

/// <summary>The pages' only style and script, inline: containers are often offline, so nothing is fetched.</summary>
internal static class WebAssets
{
    public const string Css = """
        :root{--ok:#1a7f37;--bad:#c62828;--dim:#6b7280;--line:#e5e7eb;font-family:system-ui,sans-serif;color:#111}
        body{margin:0 auto;max-width:70rem;padding:1rem 1.5rem}
        header{display:flex;align-items:baseline;gap:1rem;border-bottom:2px solid var(--line);margin-bottom:1rem}
        h1{font-size:1.4rem;margin:.4rem 0}h1 small{color:var(--dim);font-weight:normal}
        .version{color:var(--dim);font-size:.85rem}
        nav a{margin-right:1rem}
        .message{background:#eef6ff;border-left:4px solid #3b82f6;padding:.5rem .75rem}
        .bulk{display:flex;gap:.5rem;align-items:center;margin-bottom:.75rem}
        button{padding:.3rem .8rem;border:1px solid #9ca3af;border-radius:4px;background:#f9fafb;cursor:pointer}
        .live{color:var(--dim);font-size:.85rem;margin-left:auto}
        table{border-collapse:collapse;width:100%}
        th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid var(--line)}
        th{font-size:.8rem;text-transform:uppercase;color:var(--dim)}
        .state{display:inline-block;min-width:6rem;text-align:center;border-radius:3px;padding:.1rem .4rem;color:#fff;font-size:.8rem;font-weight:bold}
        .state.running{background:var(--ok)}.state.error{background:var(--bad)}.state.nominal{background:var(--dim)}
        .actions a{margin-right:.8rem}
        .empty{color:var(--dim);text-align:center}
        pre{background:#111827;color:#e5e7eb;padding:1rem;overflow:auto;max-height:75vh;white-space:pre-wrap;word-break:break-all}
        """;

    /// <summary>Re-reads "/" every two seconds and swaps in its table body; the links stay plain links.</summary>
    public const string StatusScript = """
        (function(){
          var live=document.getElementById('live');
          setInterval(function(){
            if(!live.checked||document.hidden)return;
            fetch('index.html',{cache:'no-store',credentials:'same-origin'}).then(function(r){return r.ok?r.text():null}).then(function(t){
              if(!t)return;
              var next=new DOMParser().parseFromString(t,'text/html').querySelector('#processes tbody');
              if(next)document.querySelector('#processes tbody').replaceWith(next);
            }).catch(function(){});
          },2000);
        })();
        """;

    /// <summary>Streams /logtail/name onto the page; its first bytes repeat what the page already shows.</summary>
    public const string TailScript = """
        (function(){
          var pre=document.getElementById('log');
          var url=pre.getAttribute('data-follow');
          if(!url||!window.fetch||!window.TextDecoder)return;
          pre.scrollTop=pre.scrollHeight;
          var skip=parseInt(pre.getAttribute('data-skip'),10)||0;
          var decoder=new TextDecoder();
          fetch(url,{credentials:'same-origin'}).then(function(r){
            if(!r.ok||!r.body)return;
            document.getElementById('following').hidden=false;
            var reader=r.body.getReader();
            function pump(){
              return reader.read().then(function(x){
                if(x.done){document.getElementById('following').hidden=true;return;}
                var bytes=x.value;
                if(skip>0){var n=Math.min(skip,bytes.length);skip-=n;bytes=bytes.subarray(n);}
                if(bytes.length){
                  var atEnd=pre.scrollTop+pre.clientHeight>=pre.scrollHeight-4;
                  pre.appendChild(document.createTextNode(decoder.decode(bytes,{stream:true})));
                  if(atEnd)pre.scrollTop=pre.scrollHeight;
                }
                return pump();
              });
            }
            return pump();
          }).catch(function(){});
        })();
        """;
}
