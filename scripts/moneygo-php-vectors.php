<?php
// Prints Money-Go checkout-signature vectors as PHP computes them, the way Money-Go's public PHP
// integrations do: hash('sha256', json_encode($data)) with json_encode's default flags.
// Regenerate (needs Debian's php-cli; CI does not, the output is committed):
//   php scripts/moneygo-php-vectors.php > test/fixtures/moneygo/php-signature-vectors.json
// Each case sets the fields that differ from the base below; every value is a PHP string.

$base = [
    'wallet_to' => 'U41',
    'wallet_from' => 'U68',
    'amount' => '10',
    'id' => 'order-1',
    'secret' => 's3cr3t',
];

$cases = [
    ['PROVIDERS.md vector', []],
    ['seed example (placeholders)', ['wallet_to' => 'WALLET_TO_NUMBER', 'wallet_from' => 'WALLET_FROM_NUMBER', 'amount' => '1.01', 'id' => '1511834a-v103mv31', 'secret' => 'TOKEN_FOR_THE_FORM']],
    ['plain ASCII id', ['id' => 'ORDER-2024-000123_abc.XYZ']],
    ['minimal decimal amount', ['amount' => '10.1', 'id' => 'order-2']],
    ['two-decimal amount', ['amount' => '0.07', 'id' => 'order-3']],
    ['id with slashes', ['id' => 'shop/orders/42']],
    ['id with double quotes', ['id' => 'say "hi"']],
    ['id with backslashes', ['id' => 'C:\\orders\\7\\']],
    ['id with escaped-looking text', ['id' => 'a\\u00e9b\\/c']],
    ['id with short-escape controls', ['id' => "tab\tnl\ncr\rbs\x08ff\x0c"]],
    ['id with other controls', ['id' => "nul\x00soh\x01us\x1fesc\x1b"]],
    ['id with DEL', ['id' => "del\x7fend"]],
    ['id with HTML-ish characters', ['id' => "<a href='x'>&amp;</a>"]],
    ['id with Latin-1 accents', ['id' => 'café-crème']],
    ['id in Cyrillic', ['id' => 'заказ-42']],
    ['id in Arabic', ['id' => 'طلب-٤٢']],
    ['id in CJK', ['id' => '订单号']],
    ['id with emoji above U+FFFF', ['id' => 'pay-😀-🚀']],
    ['id with mathematical letters above U+FFFF', ['id' => '𝒳𝒴']],
    ['id with U+2028 and U+2029', ['id' => "line\u{2028}para\u{2029}"]],
    ['id with U+FEFF and U+FFFD', ['id' => "\u{FEFF}bom\u{FFFD}"]],
    ['id with spaces', ['id' => '  padded id  ']],
    ['empty id', ['id' => '']],
    ['secret with slash and unicode', ['secret' => 'f0rm/Tökén+=']],
    ['wallets with unusual text', ['wallet_to' => 'E/1"2', 'wallet_from' => 'R\\3€']],
    ['long id', ['id' => str_repeat('x/я', 100)]],
    // The exact checkouts the adapter tests create (test/providers/moneygo/adapter.test.ts).
    ['adapter checkout 10.1 USD', ['wallet_to' => 'U155332', 'wallet_from' => 'U127056', 'amount' => '10.1', 'id' => 'order-1042', 'secret' => 'form-secret-for-tests']],
    ['adapter checkout unicode reference', ['wallet_to' => 'U155332', 'wallet_from' => 'U127056', 'amount' => '0.07', 'id' => 'заказ/😀-7', 'secret' => 'form-secret-for-tests']],
];

$vectors = [];
foreach ($cases as [$name, $over]) {
    $data = [
        'wallet_to' => $over['wallet_to'] ?? $base['wallet_to'],
        'wallet_from' => $over['wallet_from'] ?? $base['wallet_from'],
        'amount' => (string) ($over['amount'] ?? $base['amount']),
        'id' => $over['id'] ?? $base['id'],
        'secret' => $over['secret'] ?? $base['secret'],
    ];
    $json = json_encode($data);
    if ($json === false) {
        fwrite(STDERR, "json_encode failed for {$name}: " . json_last_error_msg() . "\n");
        exit(1);
    }
    $vectors[] = [
        'name' => $name,
        'fields' => $data,
        'json' => $json,
        'sha256' => hash('sha256', $json),
    ];
}

echo json_encode(
    [
        'generator' => 'scripts/moneygo-php-vectors.php',
        'php_version' => PHP_VERSION,
        'json_encode_flags' => 0,
        'vectors' => $vectors,
    ],
    JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE,
) . "\n";
