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

    /// <summary>
    /// Follows the log from the byte offset the page ends at, through the XML-RPC calls supervisorctl uses: the
    /// size first (tailProcessStdoutLog with no length), then exactly the bytes between (readProcessStdoutLog).
    /// /logtail cannot be joined at an offset (it starts 1024 bytes back), and the page's text does not say where
    /// that is, so following it would lose or repeat the lines written while the page loads. Answers are read with
    /// patterns, not an XML parser: a log's control characters arrive as character references XML 1.0 forbids.
    /// </summary>
    public const string TailScript = """
        (function(){
          var pre=document.getElementById('log');
          var name=pre.getAttribute('data-follow');
          if(name===null||!window.fetch)return;
          var offset=parseInt(pre.getAttribute('data-offset'),10)||0;
          var following=document.getElementById('following');
          var entities={amp:'&',lt:'<',gt:'>',quot:'"',apos:"'"};
          function escape(s){return s.replace(/&/g,'&amp;').replace(/</g,'&lt;').replace(/>/g,'&gt;');}
          function unescape(s){return s.replace(/&(#[0-9]+|amp|lt|gt|quot|apos);/g,function(m,e){return e.charAt(0)==='#'?String.fromCharCode(parseInt(e.slice(1),10)):entities[e];});}
          function call(method,args){
            var params=args.map(function(a){return '<param><value>'+(typeof a==='number'?'<int>'+a+'</int>':'<string>'+escape(a)+'</string>')+'</value></param>';}).join('');
            return fetch('RPC2',{method:'POST',credentials:'same-origin',cache:'no-store',headers:{'Content-Type':'text/xml'},
              body:'<?xml version="1.0"?><methodCall><methodName>supervisor.'+method+'</methodName><params>'+params+'</params></methodCall>'})
              .then(function(r){return r.ok?r.text():Promise.reject(r.status);})
              .then(function(t){return t.indexOf('<fault>')<0?t:Promise.reject(t);});
          }
          function append(text){
            if(!text)return;
            var atEnd=pre.scrollTop+pre.clientHeight>=pre.scrollHeight-4;
            pre.appendChild(document.createTextNode(text));
            if(atEnd)pre.scrollTop=pre.scrollHeight;
          }
          function step(){
            return call('tailProcessStdoutLog',[name,0,0]).then(function(t){
              var size=parseInt(/<(?:int|i4)>(-?[0-9]+)<\/(?:int|i4)>/.exec(t)[1],10);
              if(size<offset){append('\n==> File truncated <==\n');offset=0;}
              if(size===offset)return;
              return call('readProcessStdoutLog',[name,offset,size-offset]).then(function(t){
                var m=/<string>([\s\S]*)<\/string>/.exec(t);
                offset=size;
                append(m?unescape(m[1]):'');
              });
            });
          }
          function poll(){
            if(document.hidden){setTimeout(poll,500);return;}
            step().then(function(){following.hidden=false;setTimeout(poll,500);},function(){following.hidden=true;setTimeout(poll,2000);});
          }
          pre.scrollTop=pre.scrollHeight;
          poll();
        })();
        """;
}
