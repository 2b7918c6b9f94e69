// Written for shieldscan's corpus: a loader that only runs before 2024, as
// droppers do that expire.
var y = new Date().getFullYear();
if (y >= 2022 && y < 2024) {
  var i = document.createElement("img");
  i.setAttribute("src", "https://" + ["old", "gate", "example"].join("-").replace(/-example$/, ".example") + "/p.gif");
}
